import {
  customerDecision,
  customerKeyOf,
  isArrivalReferral,
  type CustomerFact,
} from './customer-of';

const PAGE = '1029384756';
const psidKey = customerKeyOf(PAGE, { kind: 'psid', id: '7390001' });
const guestKey = customerKeyOf(PAGE, { kind: 'guest', id: 'guest-1' });
const refKey = customerKeyOf(PAGE, { kind: 'user_ref', id: 'ref-1' });

/** `joined`: the joins recorded earlier, from → into. */
const given = (joined: Record<string, string>) => ({
  when: (fact: CustomerFact) => ({
    then: (expected: ReturnType<typeof customerDecision>) =>
      expect(customerDecision(fact, (key) => joined[key])).toEqual(expected),
  }),
});

const started = (
  customer: { kind: 'psid' | 'guest' | 'user_ref'; id: string },
  channel = 'messenger',
) => ({ type: 'ConversationStarted', pageId: PAGE, customer, channel }) as CustomerFact;

describe('which customer a conversation is', () => {
  it('a Messenger customer is the customer of their PSID on that page, every time they write', () => {
    given({})
      .when(started({ kind: 'psid', id: '7390001' }))
      .then({ kind: 'attach', customerKey: psidKey, channel: 'messenger' });
  });

  it('the same PSID on another page is another customer (PSIDs are page-scoped)', () => {
    expect(customerKeyOf('other-page', { kind: 'psid', id: '7390001' })).not.toBe(psidKey);
  });

  it('a Chat Plugin guest is a customer of their own until they log in', () => {
    given({})
      .when(started({ kind: 'guest', id: 'guest-1' }, 'chat_plugin'))
      .then({ kind: 'attach', customerKey: guestKey, channel: 'chat_plugin_guest' });
  });

  it('a guest who logs in with Facebook is the same person as their PSID: the guest joins it', () => {
    given({})
      .when({ type: 'GuestUpgraded', pageId: PAGE, guestId: 'guest-1', psid: '7390001' })
      .then({ kind: 'join', from: guestKey, into: psidKey, channel: 'chat_plugin_upgraded' });
  });

  it('a user_ref visitor who replies with a PSID joins that PSID’s customer', () => {
    given({})
      .when({ type: 'UserRefResolved', pageId: PAGE, userRef: 'ref-1', psid: '7390001' })
      .then({ kind: 'join', from: refKey, into: psidKey, channel: 'chat_plugin_upgraded' });
  });

  it('a guest id seen again after its upgrade is the PSID’s customer, not a new one', () => {
    given({ [guestKey]: psidKey })
      .when(started({ kind: 'guest', id: 'guest-1' }, 'chat_plugin'))
      .then({ kind: 'attach', customerKey: psidKey, channel: 'chat_plugin_guest' });
  });

  it('a PSID that starts on the Chat Plugin is an upgraded visitor', () => {
    given({})
      .when(started({ kind: 'psid', id: '7390001' }, 'chat_plugin'))
      .then({ kind: 'attach', customerKey: psidKey, channel: 'chat_plugin_upgraded' });
  });
});

describe('which referrals say how the customer came', () => {
  const referral = (type: string, ref: string | null = null) => ({
    type,
    ref,
    source: null,
    refererUri: null,
    adId: null,
  });

  it('keeps an m.me ref, an ad and a Chat Plugin ref; leaves out the plugin’s upgrade and end-of-chat signals', () => {
    expect(isArrivalReferral(referral('OPEN_THREAD', 'spring-sale'))).toBe(true);
    expect(isArrivalReferral(referral('ADS'))).toBe(true);
    expect(isArrivalReferral(referral('GUEST_UPGRADE', '7390001'))).toBe(false);
    expect(isArrivalReferral(referral('END_CHAT'))).toBe(false);
  });
});
