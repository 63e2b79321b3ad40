import type { ChatPush } from '@pagedesk/contracts';
import { messageExtras } from './message-extras';

const base = { conversationId: 'c1' };

describe('edits and reactions on the desk', () => {
  it('keeps every version of an edited message, oldest first', () => {
    const pushes: ChatPush[] = [
      {
        name: 'chat:message_edited',
        payload: { ...base, position: 5, messageId: 'm_1', text: 'size 42', editCount: 1, at: 50 },
      },
      {
        name: 'chat:message_edited',
        payload: { ...base, position: 6, messageId: 'm_1', text: 'size 43', editCount: 2, at: 60 },
      },
    ];
    expect(messageExtras(pushes, () => 'size 41').get('m_1')?.history).toEqual([
      { text: 'size 41', at: 0 },
      { text: 'size 42', at: 50 },
      { text: 'size 43', at: 60 },
    ]);
  });

  it('puts the customer’s reaction on the agent message it names by mid, and takes it off again', () => {
    const sent: ChatPush = {
      name: 'chat:delivery',
      payload: {
        ...base,
        position: 2,
        status: 'sent',
        messageId: 'o1',
        mid: 'm_out',
        messages: [],
      },
    };
    const react: ChatPush = {
      name: 'chat:reaction',
      payload: {
        ...base,
        position: 3,
        messageId: 'm_out',
        by: 'customer',
        reaction: 'love',
        emoji: '❤️',
        at: 3,
      },
    };
    const unreact: ChatPush = {
      name: 'chat:reaction',
      payload: {
        ...base,
        position: 4,
        messageId: 'm_out',
        by: 'customer',
        reaction: null,
        emoji: null,
        at: 4,
      },
    };
    expect(messageExtras([sent, react], () => null).get('o1')?.customerReaction).toBe('❤️');
    expect(
      messageExtras([sent, react, unreact], () => null).get('o1')?.customerReaction,
    ).toBeNull();
  });

  it('shows the agent’s reaction as sending until Facebook took it, and a permanent failure as failed', () => {
    const asked: ChatPush = {
      name: 'chat:reaction',
      payload: {
        ...base,
        position: 3,
        messageId: 'm_1',
        by: 'agent',
        reactionId: 'r1',
        reaction: 'like',
        emoji: '👍',
        at: 3,
      },
    };
    const status = (position: number, payload: object): ChatPush => ({
      name: 'chat:reaction_status',
      payload: { ...base, position, reactionId: 'r1', at: position, status: 'sent', ...payload },
    });
    const view = (...more: ChatPush[]) =>
      messageExtras([asked, ...more], () => null).get('m_1')?.agentReaction;
    expect(view()).toMatchObject({ emoji: '👍', status: 'sending' });
    expect(view(status(4, { status: 'failed', permanent: false, reason: 'busy' }))).toMatchObject({
      status: 'sending',
    });
    expect(view(status(4, { status: 'failed', permanent: true, reason: 'refused' }))).toMatchObject(
      { status: 'failed', failure: 'refused' },
    );
    expect(view(status(4, {}))).toMatchObject({ status: 'sent' });
  });
});
