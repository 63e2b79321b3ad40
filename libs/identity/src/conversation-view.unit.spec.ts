import type { ConversationEvent } from '@pagedesk/conversation';
import { stateAfter } from '@pagedesk/conversation/testing/decider-specification';
import {
  AGENT,
  assigned,
  closed,
  command,
  CONVERSATION_ID,
  customerMessage,
  NOW,
  SHORTLINK,
  started,
  T0,
} from '@pagedesk/conversation/testing/fixtures';
import { conversationView } from './conversation-view';

const message = (mid: string) =>
  command('RecordCustomerMessage', {
    mid,
    text: 'hello',
    attachments: [],
    quickReplyPayload: null,
    replyToMid: null,
    sentAt: T0 + 1,
  });
const referral = command('RecordReferral', { referral: SHORTLINK, sentAt: T0 + 1 });
const referralReceived: ConversationEvent = {
  type: 'ReferralReceived',
  data: { referral: SHORTLINK, sentAt: T0 + 1 },
};
const seen = (history: Parameters<typeof stateAfter>[0], cmd: ReturnType<typeof command>) =>
  conversationView(CONVERSATION_ID, stateAfter(history), cmd).status;

describe('conversationView: what a conversation says about one update, asked of its own decider', () => {
  it('a conversation never started is absent', () => {
    expect(seen([], message('m_2'))).toBe('absent');
  });

  it('a live conversation takes a new update and holds a repeat (by mid, or the referral’s key)', () => {
    const live = [started(), customerMessage('m_1')];
    expect(seen(live, message('m_2'))).toBe('live');
    expect(seen(live, message('m_1'))).toBe('holds');
    expect(seen([...live, referralReceived], referral)).toBe('holds');
  });

  it('an ended conversation refuses a new message but still holds the ones it recorded', () => {
    const ended = [started(), customerMessage('m_1'), assigned(), closed()];
    expect(seen(ended, message('m_2'))).toBe('ended');
    expect(seen(ended, message('m_1'))).toBe('holds');
    // What an identity that leaves it for the next conversation keeps routed there.
    expect(conversationView(CONVERSATION_ID, stateAfter(ended), message('m_2'))).toEqual({
      conversationId: CONVERSATION_ID,
      status: 'ended',
      mids: ['m_1'],
    });
  });

  it('an ended conversation that takes the update, a tap on its CSAT survey, is where it goes', () => {
    const surveyed: ConversationEvent = {
      type: 'CsatSurveyRequested',
      data: {
        surveyId: 's1',
        agentId: AGENT,
        question: 'How did we do?',
        scale: 'five_point',
        requestedAt: NOW,
      },
    };
    const ended = [started(), customerMessage('m_1'), assigned(), closed(), surveyed];
    const tap = command(
      'RecordCustomerMessage',
      {
        mid: 'm_tap',
        text: '4',
        attachments: [],
        quickReplyPayload: 'PAGEDESK_CSAT:s1:4',
        replyToMid: null,
        sentAt: NOW + 1,
      },
      NOW + 2,
    );
    expect(seen(ended, tap)).toBe('live');
    expect(seen(ended, message('m_2'))).toBe('ended');
  });
});
