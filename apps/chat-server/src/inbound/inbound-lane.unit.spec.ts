import { parseWebhookDelivery } from '@pagedesk/messenger';
import { InboundLanes, inboundLane } from './inbound-lane';

const PAGE = '102938475610293';
const GUEST = '4455667788990011';
const PSID = '7392015648120394';
const delivery = (...messaging: Record<string, unknown>[]) =>
  parseWebhookDelivery({ object: 'page', entry: [{ id: PAGE, time: 1, messaging }] });
const from = (sender: Record<string, string>) => ({
  sender,
  recipient: { id: PAGE },
  timestamp: 1_785_312_004_523,
});
const referral = (type: string, extra: Record<string, unknown> = {}) => ({
  ...from({ id: GUEST }),
  referral: { type, ref: PSID, source: 'CUSTOMER_CHAT_PLUGIN', ...extra },
});
const appMessage = (id: string) => ({ ...from({ id }), message: { mid: `m-${id}`, text: 'hi' } });
const pluginMessage = (id: string) => ({
  ...from({ id }),
  message: { mid: `p-${id}`, text: 'hi', tags: { source: 'customer_chat_plugin' } },
});

describe('InboundLanes: one lane per identity, joined where Chat Plugin steps join identities', () => {
  let lanes: InboundLanes;
  const lanesOf = (...messaging: Record<string, unknown>[]) =>
    lanes.lanesOf(delivery(...messaging));
  beforeEach(() => (lanes = new InboundLanes()));

  it('a Messenger customer keeps a lane of their own', () => {
    expect(lanesOf(appMessage(PSID))).toEqual([`${PAGE}:${PSID}`]);
  });

  it('a guest’s OPEN_THREAD and END_CHAT run in the guest’s lane, beside other customers', () => {
    expect(lanesOf(referral('OPEN_THREAD', { is_guest_user: 'true' }))).toEqual([
      `${PAGE}:${GUEST}`,
    ]);
    expect(lanesOf(referral('END_CHAT'))).toEqual([`${PAGE}:${GUEST}`]);
  });

  it('GUEST_UPGRADE is in the guest’s lane and in the lane of the PSID it names', () => {
    expect(lanesOf(referral('GUEST_UPGRADE'))).toEqual([`${PAGE}:${GUEST}`, `${PAGE}:${PSID}`]);
  });

  it('an upgraded guest’s later steps also take the PSID’s lane', () => {
    lanesOf(referral('GUEST_UPGRADE'));
    expect(lanesOf(referral('END_CHAT'))).toEqual([`${PAGE}:${GUEST}`, `${PAGE}:${PSID}`]);
  });

  it('an upgrade learnt from the stored links (a restart) lanes the guest’s later steps the same way', () => {
    lanes.learnUpgrade(PAGE, GUEST, PSID);
    expect(lanesOf(referral('END_CHAT'))).toEqual([`${PAGE}:${GUEST}`, `${PAGE}:${PSID}`]);
    expect(lanesOf(appMessage(GUEST))).toEqual([`${PAGE}:${GUEST}`, `${PAGE}:${PSID}`]);
  });

  it('a user_ref, and a plugin-tagged PSID message that may continue one, also take the page’s Chat Plugin lane', () => {
    expect(
      lanesOf({ ...from({ user_ref: 'ref-1' }), postback: { title: 'Go', payload: 'GO' } }),
    ).toEqual([`${PAGE}:ref:ref-1`, `${PAGE}:chat_plugin`]);
    expect(lanesOf(pluginMessage(PSID))).toEqual([`${PAGE}:${PSID}`, `${PAGE}:chat_plugin`]);
  });

  it('a batch is in the lanes of every update in it', () => {
    expect(lanesOf(appMessage('123'), referral('GUEST_UPGRADE'))).toEqual([
      `${PAGE}:123`,
      `${PAGE}:${GUEST}`,
      `${PAGE}:${PSID}`,
    ]);
  });

  it('stores the first identity’s lane with a delivery', () => {
    expect(inboundLane(delivery(referral('GUEST_UPGRADE')))).toBe(`${PAGE}:${GUEST}`);
  });
});
