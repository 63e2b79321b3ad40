import type { ChatPush, CustomerContextView } from '@pagedesk/contracts';
import { referralLabel, withPushes } from './customer-context';

const context: CustomerContextView = {
  conversationId: 'c2',
  pageId: 'p',
  pageName: 'Demo Shop',
  customer: { kind: 'psid', id: '42', name: 'Rosa Diaz', pictureUrl: null },
  channel: 'messenger',
  contacts: [{ kind: 'email', value: 'rosa@example.com', sharedAt: 1, conversationId: 'c1' }],
  referrals: [],
  previousConversations: [{ conversationId: 'c1', channel: 'messenger', startedAt: 1, endedAt: 2 }],
};
const update = (position: number, payload: object): ChatPush => ({
  name: 'chat:customer_updated',
  payload: { conversationId: 'c2', position, ...payload },
});

describe('the customer panel follows the chat', () => {
  it('adds a phone shared during the chat on top, once, and keeps what the server said', () => {
    const phone = { kind: 'phone', value: '+15555550123', sharedAt: 9 };
    const shown = withPushes(context, [
      update(5, { contact: phone }),
      update(5, { contact: phone }),
    ]);
    expect(shown.contacts.map((c) => c.value)).toEqual(['+15555550123', 'rosa@example.com']);
    expect(shown.previousConversations).toEqual(context.previousConversations);
  });

  it('given a guest, when they log in to Facebook, then the panel shows the upgraded channel, PSID and name from the push', () => {
    const guest: CustomerContextView = {
      ...context,
      customer: { kind: 'guest', id: 'g1', name: null, pictureUrl: null },
      channel: 'chat_plugin_guest',
    };
    const shown = withPushes(guest, [
      update(9, {
        customer: { kind: 'psid', id: '77', guest: false },
        channel: 'chat_plugin_upgraded',
        name: 'Rosa Diaz',
        pictureUrl: null,
      }),
    ]);
    expect(shown.channel).toBe('chat_plugin_upgraded');
    expect(shown.customer).toMatchObject({ kind: 'psid', id: '77', name: 'Rosa Diaz' });
  });

  it('does not repeat an e-mail the answer already had', () => {
    const again = update(6, { contact: { kind: 'email', value: 'rosa@example.com', sharedAt: 1 } });
    expect(withPushes(context, [again]).contacts).toHaveLength(1);
  });

  it('takes a later picture and a referral from the pushes', () => {
    const shown = withPushes(context, [
      update(7, { pictureUrl: 'https://x/rosa.jpg' }),
      update(8, {
        referral: {
          type: 'OPEN_THREAD',
          ref: 'spring',
          source: 'SHORTLINK',
          adId: null,
          refererUri: null,
          at: 8,
        },
      }),
    ]);
    expect(shown.customer.pictureUrl).toBe('https://x/rosa.jpg');
    expect(shown.referrals.map(referralLabel)).toEqual(['m.me link · ref spring']);
  });
});
