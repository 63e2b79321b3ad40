import type { ConversationEvent } from '@pagedesk/conversation';
import { stateAfter } from '@pagedesk/conversation/testing/decider-specification';
import {
  assigned,
  closed,
  command,
  CONVERSATION_ID,
  customerMessage,
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
  });
});
