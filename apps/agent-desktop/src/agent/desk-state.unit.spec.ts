import { chatView } from './chat-view';
import type { ChatDescription, ChatPush, DeliveryStatus, SyncResult } from '@pagedesk/contracts';
import { deskReducer, emptyDesk, type DeskState } from './desk-state';

const conversationId = 'c-1';
const description: ChatDescription = {
  conversationId,
  pageId: 'p',
  pageName: 'Shop',
  queue: 'default',
  queuedAt: null,
  startedAt: 1,
  customer: { kind: 'psid', id: '7', guest: false, name: 'Maya', pictureUrl: null },
  firstMessages: [],
};
const customerSays = (position: number, text: string): ChatPush => ({
  name: 'chat:message',
  payload: {
    conversationId,
    position,
    author: 'customer',
    messageId: `m${position}`,
    text,
    at: position,
  },
});
const agentSays = (position: number, text: string, clientMessageId: string): ChatPush => ({
  name: 'chat:message',
  payload: {
    conversationId,
    position,
    author: 'agent',
    messageId: `a${position}`,
    clientMessageId,
    content: { kind: 'text', text },
    at: position,
  },
});
/** A delivery push as the server sends it: with the statuses it computed (libs/contracts' rule). */
const delivery = (
  position: number,
  payload: object,
  messages: [string, DeliveryStatus, string?][],
): ChatPush => ({
  name: 'chat:delivery',
  payload: {
    conversationId,
    position,
    status: 'sent',
    ...payload,
    messages: messages.map(([messageId, status, failure]) => ({
      messageId,
      status,
      failure: failure ?? null,
    })),
  },
});
const sync = (position: number, events: ChatPush[]): SyncResult => ({
  position,
  status: 'ready',
  chats: [{ ...description, events }],
  offers: [],
  waiting: 0,
});
const apply = (state: DeskState, ...pushes: ChatPush[]) =>
  pushes.reduce((s, push) => deskReducer(s, { type: 'push', push }), state);
const texts = (state: DeskState) =>
  chatView(state.chats[0]).messages.map(
    (m) => m.text ?? (m.content?.kind === 'text' ? m.content.text : ''),
  );

describe('the agent desktop state', () => {
  const assigned = deskReducer(emptyDesk, { type: 'assigned', chat: description });

  it('shows each message once when live pushes and a sync answer overlap, in log order', () => {
    const live = apply(assigned, customerSays(5, 'hello'), customerSays(9, 'anyone?'));
    const resynced = deskReducer(live, {
      type: 'synced',
      result: sync(9, [
        customerSays(5, 'hello'),
        agentSays(7, 'hi!', 'x'),
        customerSays(9, 'anyone?'),
      ]),
    });
    const late = apply(resynced, customerSays(9, 'anyone?'), customerSays(12, 'thanks'));
    expect(texts(late)).toEqual(['hello', 'hi!', 'anyone?', 'thanks']);
  });

  it('keeps a sent message as "sending" until the server pushes it back, then shows it once', () => {
    const sending = deskReducer(assigned, {
      type: 'sending',
      conversationId,
      outgoing: { clientMessageId: 'x', content: { kind: 'text', text: 'hi!' }, error: null },
    });
    expect(sending.chats[0].outgoing).toHaveLength(1);
    const pushed = apply(sending, agentSays(7, 'hi!', 'x'));
    expect(pushed.chats[0].outgoing).toHaveLength(0);
    expect(texts(pushed)).toEqual(['hi!']);
  });

  it('shows the delivery status each push carries: sent, delivered, read, failed with the reason', () => {
    const sent = apply(assigned, agentSays(7, 'one', 'a'), agentSays(8, 'two', 'b'));
    const status = (s: DeskState) => chatView(s.chats[0]).messages.map((m) => m.status);
    expect(status(sent)).toEqual(['pending', 'pending']);
    const confirmed = apply(
      sent,
      delivery(9, { messageId: 'a7', mid: 'mid-1', at: 100 }, [['a7', 'sent']]),
      delivery(10, { messageId: 'a8', mid: 'mid-2', at: 200 }, [['a8', 'sent']]),
      delivery(11, { status: 'delivered', watermark: 150, mids: null }, [['a7', 'delivered']]),
    );
    expect(status(confirmed)).toEqual(['delivered', 'sent']);
    const read = delivery(12, { status: 'read', watermark: 250 }, [
      ['a7', 'read'],
      ['a8', 'read'],
    ]);
    expect(status(apply(confirmed, read))).toEqual(['read', 'read']);
    const failure = { status: 'failed', messageId: 'a8', reason: 'unreachable', permanent: true };
    const failed = apply(sent, delivery(9, failure, [['a8', 'failed', 'unreachable']]));
    expect(chatView(failed.chats[0]).messages[1]).toMatchObject({
      status: 'failed',
      failure: 'unreachable',
    });
  });

  it('says a message is still being retried after a transient failure', () => {
    const sent = apply(assigned, agentSays(7, 'one', 'a'));
    const failure = { status: 'failed', messageId: 'a7', reason: 'rate limited', permanent: false };
    const retrying = apply(sent, delivery(8, failure, [['a7', 'pending', 'rate limited']]));
    expect(chatView(retrying.chats[0]).messages[0]).toMatchObject({
      status: 'pending',
      failure: 'rate limited (retrying)',
    });
  });

  it('tells the agent when a chat was taken away while they were offline, instead of dropping it', () => {
    const offline = deskReducer(apply(assigned, customerSays(5, 'hello')), {
      type: 'synced',
      result: { position: 20, status: 'not_ready', chats: [], offers: [], waiting: 0 },
    });
    expect(chatView(offline.chats[0]).ended?.reason).toBe('requeued');
    expect(texts(offline)).toEqual(['hello']);
  });

  it('drops an offer when it is withdrawn or accepted', () => {
    const offered = deskReducer(emptyDesk, {
      type: 'requested',
      offer: { ...description, position: 3 },
    });
    expect(offered.offers).toHaveLength(1);
    expect(deskReducer(offered, { type: 'withdrawn', conversationId }).offers).toHaveLength(0);
    const accepted = deskReducer(offered, { type: 'assigned', chat: description });
    expect(accepted.offers).toHaveLength(0);
    expect(accepted.chats).toHaveLength(1);
  });
});
