import { parseWebhookDelivery } from '@pagedesk/messenger';
import { inboundLane } from './inbound-lane';

const PAGE = '102938475610293';
const laneOf = (...messaging: Record<string, unknown>[]) =>
  inboundLane(parseWebhookDelivery({ object: 'page', entry: [{ id: PAGE, time: 1, messaging }] }));
const from = (sender: Record<string, string>) => ({
  sender,
  recipient: { id: PAGE },
  timestamp: 1_785_312_004_523,
});
const referral = (type: string, extra: Record<string, unknown> = {}) => ({
  ...from({ id: '4455667788990011' }),
  referral: { type, ref: '7392015648120394', source: 'CUSTOMER_CHAT_PLUGIN', ...extra },
});

describe('inboundLane: every step of a Chat Plugin identity in one lane per page', () => {
  it.each([
    ['a guest’s OPEN_THREAD', referral('OPEN_THREAD', { is_guest_user: 'true' })],
    ['GUEST_UPGRADE', referral('GUEST_UPGRADE')],
    ['END_CHAT', referral('END_CHAT')],
    [
      'a plugin-tagged message (guest or PSID)',
      {
        ...from({ id: '4455667788990011' }),
        message: { mid: 'm1', text: 'hi', tags: { source: 'customer_chat_plugin' } },
      },
    ],
    [
      'a user_ref postback',
      { ...from({ user_ref: 'ref-1' }), postback: { title: 'Start', payload: 'GO' } },
    ],
  ])('%s goes to the page’s Chat Plugin lane', (_label, update) => {
    expect(laneOf(update)).toBe(`${PAGE}:chat_plugin`);
  });

  it('a Messenger customer keeps a lane of their own', () => {
    expect(
      laneOf({ ...from({ id: '7392015648120394' }), message: { mid: 'm2', text: 'hi' } }),
    ).toBe(`${PAGE}:7392015648120394`);
  });

  it('a batch with any Chat Plugin step goes to the Chat Plugin lane', () => {
    expect(
      laneOf(
        { ...from({ id: '7392015648120394' }), message: { mid: 'm3', text: 'hi' } },
        referral('GUEST_UPGRADE'),
      ),
    ).toBe(`${PAGE}:chat_plugin`);
  });
});
