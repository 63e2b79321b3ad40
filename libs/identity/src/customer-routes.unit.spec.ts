import type { CustomerIdentity } from '@pagedesk/conversation';
import {
  conversationIdFor,
  customerIdentity,
  IdentityMovedError,
  mayContinueUserRef,
  routeOf,
  routeTarget,
  type ConversationView,
  type IdentityCommand,
  type IdentityEvent,
  type IdentityState,
} from './customer-routes';

const PAGE = '1029384756';
const GUEST: CustomerIdentity = { kind: 'guest', id: 'guest-1' };
const PSID: CustomerIdentity = { kind: 'psid', id: '7390001' };
const REF: CustomerIdentity = { kind: 'user_ref', id: 'ref-1' };

const stateAfter = (history: readonly IdentityEvent[]): IdentityState =>
  history.reduce(customerIdentity.evolve, customerIdentity.initialState());
const given = (history: readonly IdentityEvent[]) => ({
  when: (command: IdentityCommand) => ({
    then: (expected: readonly IdentityEvent[]) =>
      expect(customerIdentity.decide(command, stateAfter(history))).toEqual(expected),
    thenNothing: () => expect(customerIdentity.decide(command, stateAfter(history))).toEqual([]),
  }),
});

const conv = (customer: CustomerIdentity, n: number) => conversationIdFor(PAGE, customer, n);
const linked = (customer: CustomerIdentity, n: number, conversationId = conv(customer, n)) =>
  ({
    type: 'CustomerConversationLinked',
    data: { pageId: PAGE, customer, conversationId, sequence: n },
  }) as const;
const routed = (key: string, conversationId: string): IdentityEvent => ({
  type: 'CustomerUpdateRouted',
  data: { key, conversationId },
});
const upgradeLinked = (n: number): IdentityEvent => ({
  type: 'GuestUpgradeLinked',
  data: {
    pageId: PAGE,
    customer: PSID,
    guestId: GUEST.id,
    conversationId: conv(GUEST, 0),
    sequence: n,
  },
});
const view = (
  conversationId: string,
  status: ConversationView['status'],
  mids: readonly string[] = [],
): ConversationView =>
  status === 'ended' ? { conversationId, status, mids } : { conversationId, status };
const left = (conversationId: string, mids: readonly string[]): IdentityEvent => ({
  type: 'CustomerConversationLeft',
  data: { conversationId, mids },
});
const routeUpdate = (
  customer: CustomerIdentity,
  key: string,
  seen: ConversationView | null,
  opens = true,
  receipt = false,
): IdentityCommand => ({
  type: 'RouteUpdate',
  data: { pageId: PAGE, customer, key, opens, receipt, seen },
});

describe('customer identity: which conversation an update goes to', () => {
  describe('one identity', () => {
    it('a new customer reaching out opens its first conversation: link and route in one decision', () => {
      given([])
        .when(routeUpdate(PSID, 'update:d1:0', null))
        .then([linked(PSID, 0), routed('update:d1:0', conv(PSID, 0))]);
      // A message is known by its mid, which the conversation keeps: the link alone says where it goes.
      given([])
        .when(routeUpdate(PSID, 'mid:m1', null))
        .then([linked(PSID, 0)]);
      expect(routeOf(stateAfter([linked(PSID, 0)]), { key: 'mid:m1', receipt: false })).toBe(
        conv(PSID, 0),
      );
    });

    it('a receipt, an echo or an END_CHAT for a customer with no conversation goes nowhere', () => {
      given([])
        .when(routeUpdate(PSID, 'update:d1:0', null, false))
        .thenNothing();
    });

    it('a live conversation takes the update; the route is recorded before it is applied', () => {
      given([linked(PSID, 0), routed('mid:m1', conv(PSID, 0))])
        .when(routeUpdate(PSID, 'update:d2:0', view(conv(PSID, 0), 'live'), false))
        .then([routed('update:d2:0', conv(PSID, 0))]);
    });

    it('a message to the current conversation goes unrecorded: the conversation keeps its mid', () => {
      const history = [linked(PSID, 0)];
      given(history)
        .when(routeUpdate(PSID, 'mid:m2', view(conv(PSID, 0), 'live')))
        .thenNothing();
      given(history)
        .when(routeUpdate(PSID, 'mid:m2', view(conv(PSID, 0), 'holds')))
        .thenNothing();
      expect(routeOf(stateAfter(history), { key: 'mid:m2', receipt: false })).toBe(conv(PSID, 0));
      // Other updates are known by their delivery, which no conversation keeps: recorded.
      expect(routeOf(stateAfter(history), { key: 'update:d2:0', receipt: false })).toBeUndefined();
    });

    it('repeats decide nothing: the update goes where it went, also when the conversation already holds it', () => {
      const history = [linked(PSID, 0), routed('mid:m1', conv(PSID, 0))];
      given(history)
        .when(routeUpdate(PSID, 'mid:m1', view(conv(PSID, 0), 'live')))
        .thenNothing();
      given(history)
        .when(routeUpdate(PSID, 'mid:m1', view(conv(PSID, 0), 'holds')))
        .thenNothing();
      expect(routeOf(stateAfter(history), { key: 'mid:m1', receipt: false })).toBe(conv(PSID, 0));
    });

    it('a delivery or read receipt goes to the current conversation unrecorded, also the ended one', () => {
      const history = [linked(PSID, 0), routed('mid:m1', conv(PSID, 0))];
      given(history)
        .when(routeUpdate(PSID, 'update:d2:0', view(conv(PSID, 0), 'ended'), false, true))
        .thenNothing();
      expect(routeOf(stateAfter(history), { key: 'update:d2:0', receipt: true })).toBe(
        conv(PSID, 0),
      );
      expect(routeOf(stateAfter([]), { key: 'update:d2:0', receipt: true })).toBeUndefined();
    });

    it('a crash between the link and the conversation append: the linked, never started conversation is opened by the same update', () => {
      given([linked(PSID, 0), routed('mid:m1', conv(PSID, 0))])
        .when(routeUpdate(PSID, 'mid:m1', view(conv(PSID, 0), 'absent')))
        .thenNothing();
      expect(routeTarget(stateAfter([linked(PSID, 0)]), 'mid:m1')).toBe(conv(PSID, 0));
      given([linked(PSID, 0)])
        .when(routeUpdate(PSID, 'mid:m1', view(conv(PSID, 0), 'absent')))
        .thenNothing();
      given([linked(PSID, 0)])
        .when(routeUpdate(PSID, 'update:d1:1', view(conv(PSID, 0), 'absent')))
        .then([routed('update:d1:1', conv(PSID, 0))]);
      given([linked(PSID, 0)])
        .when(routeUpdate(PSID, 'update:d1:0', view(conv(PSID, 0), 'absent'), false))
        .thenNothing();
    });

    it('END_CHAT then a new message: the message opens the next conversation; receipts still go to the ended one', () => {
      const history = [linked(GUEST, 0), routed('update:d1:0', conv(GUEST, 0))];
      // The identity leaves the ended conversation: in the same append, its mids stay routed there.
      given(history)
        .when(routeUpdate(GUEST, 'mid:m2', view(conv(GUEST, 0), 'ended', ['m1'])))
        .then([left(conv(GUEST, 0), ['m1']), linked(GUEST, 1)]);
      given(history)
        .when(routeUpdate(GUEST, 'mid:m2', view(conv(GUEST, 0), 'ended')))
        .then([linked(GUEST, 1)]);
      given(history)
        .when(routeUpdate(GUEST, 'update:d2:0', view(conv(GUEST, 0), 'ended'), false))
        .then([routed('update:d2:0', conv(GUEST, 0))]);
    });

    it('a message processed again after the customer moved on stays in the conversation that holds it', () => {
      // m1 in the first conversation, END_CHAT, m2 opened the second; then a restart re-processes m1.
      const history = [
        linked(GUEST, 0),
        routed('mid:m1', conv(GUEST, 0)),
        linked(GUEST, 1),
        routed('mid:m2', conv(GUEST, 1)),
      ];
      expect(routeTarget(stateAfter(history), 'mid:m1')).toBe(conv(GUEST, 0));
      given(history)
        .when(routeUpdate(GUEST, 'mid:m1', view(conv(GUEST, 0), 'holds')))
        .thenNothing();
    });

    it('a message applied unrecorded, processed again after the customer moved on, stays where the identity left it', () => {
      // m1 went unrecorded to the first conversation; m2 left it (keeping m1 there) and opened the second.
      const history = [linked(GUEST, 0), left(conv(GUEST, 0), ['m1']), linked(GUEST, 1)];
      expect(routeTarget(stateAfter(history), 'mid:m1')).toBe(conv(GUEST, 0));
      expect(routeTarget(stateAfter(history), 'mid:m2')).toBe(conv(GUEST, 1));
      given(history)
        .when(routeUpdate(GUEST, 'mid:m1', view(conv(GUEST, 0), 'holds')))
        .thenNothing();
      expect(routeOf(stateAfter(history), { key: 'mid:m1', receipt: false })).toBe(conv(GUEST, 0));
    });

    it('a link may only leave the conversation the identity points at', () => {
      expect(() =>
        customerIdentity.decide(
          routeUpdate(PSID, 'mid:m2', view(conv(PSID, 0), 'ended', ['m1'])),
          stateAfter([linked(PSID, 0), linked(PSID, 1)]),
        ),
      ).toThrow(IdentityMovedError);
    });

    it('routed, but the conversation ended before the update reached it: routed on, never lost', () => {
      given([linked(PSID, 0), routed('mid:m1', conv(PSID, 0))])
        .when(routeUpdate(PSID, 'mid:m1', view(conv(PSID, 0), 'ended')))
        .then([linked(PSID, 1), routed('mid:m1', conv(PSID, 1))]);
      // Meanwhile the customer had moved on: it goes to the current conversation.
      given([linked(PSID, 0), routed('mid:m1', conv(PSID, 0)), linked(PSID, 1)])
        .when(routeUpdate(PSID, 'mid:m1', view(conv(PSID, 0), 'ended')))
        .then([routed('mid:m1', conv(PSID, 1))]);
    });

    it('a decision on a conversation the identity no longer points at is refused as a lost race', () => {
      expect(() =>
        customerIdentity.decide(
          routeUpdate(PSID, 'mid:m2', view(conv(PSID, 0), 'live')),
          stateAfter([linked(PSID, 0), linked(PSID, 1)]),
        ),
      ).toThrow(IdentityMovedError);
      expect(() =>
        customerIdentity.decide(routeUpdate(PSID, 'mid:m2', null), stateAfter([linked(PSID, 0)])),
      ).toThrow(IdentityMovedError);
    });
  });

  describe('Chat Plugin identity steps', () => {
    it('a guest’s message before its OPEN_THREAD opens the conversation; the referral joins it', () => {
      given([linked(GUEST, 0), routed('mid:g1', conv(GUEST, 0))])
        .when(routeUpdate(GUEST, 'update:d2:0', view(conv(GUEST, 0), 'live')))
        .then([routed('update:d2:0', conv(GUEST, 0))]);
    });

    it('GUEST_UPGRADE points the PSID at the guest’s conversation, once', () => {
      const link = (
        leaving: { conversationId: string; mids: string[] } | null,
      ): IdentityCommand => ({
        type: 'LinkUpgradedGuest',
        data: {
          pageId: PAGE,
          customer: PSID,
          guestId: GUEST.id,
          conversationId: conv(GUEST, 0),
          leaving,
        },
      });
      given([])
        .when(link(null))
        .then([upgradeLinked(0)]);
      given([upgradeLinked(0)])
        .when(link(null))
        .thenNothing();
      // The PSID wrote before the upgrade (its own conversation): from now on it writes into the guest's, and p0 stays in its own.
      given([linked(PSID, 0)])
        .when(link({ conversationId: conv(PSID, 0), mids: ['p0'] }))
        .then([left(conv(PSID, 0), ['p0']), upgradeLinked(1)]);
      expect(
        routeTarget(
          stateAfter([linked(PSID, 0), left(conv(PSID, 0), ['p0']), upgradeLinked(1)]),
          'mid:p0',
        ),
      ).toBe(conv(PSID, 0));
      expect(() => customerIdentity.decide(link(null), stateAfter([linked(PSID, 0)]))).toThrow(
        IdentityMovedError,
      );
    });

    it('the PSID’s messages after GUEST_UPGRADE go to the guest’s conversation', () => {
      given([upgradeLinked(0)])
        .when(routeUpdate(PSID, 'mid:p1', view(conv(GUEST, 0), 'live')))
        .thenNothing();
      expect(routeOf(stateAfter([upgradeLinked(0)]), { key: 'mid:p1', receipt: false })).toBe(
        conv(GUEST, 0),
      );
    });

    it('after the upgraded guest’s END_CHAT the PSID’s next message opens a conversation of the PSID', () => {
      given([upgradeLinked(0)])
        .when(routeUpdate(PSID, 'mid:p1', view(conv(GUEST, 0), 'ended', ['g1'])))
        .then([left(conv(GUEST, 0), ['g1']), linked(PSID, 1)]);
    });

    it('a user_ref visitor replying as a PSID: only an unlinked PSID’s plugin message asks who it continues', () => {
      expect(mayContinueUserRef(stateAfter([]), { customer: PSID, fromChatPlugin: true })).toBe(
        true,
      );
      expect(mayContinueUserRef(stateAfter([]), { customer: PSID, fromChatPlugin: false })).toBe(
        false,
      );
      expect(
        mayContinueUserRef(stateAfter([linked(PSID, 0)]), { customer: PSID, fromChatPlugin: true }),
      ).toBe(false);
      expect(mayContinueUserRef(stateAfter([]), { customer: REF, fromChatPlugin: true })).toBe(
        false,
      );
    });

    it('the claimed PSID continues the user_ref’s conversation, linked once', () => {
      const link: IdentityCommand = {
        type: 'LinkResolvedUserRef',
        data: {
          pageId: PAGE,
          customer: PSID,
          userRef: REF.id,
          conversationId: conv(REF, 0),
          leaving: null,
        },
      };
      const expected: IdentityEvent = {
        type: 'CustomerConversationLinked',
        data: { ...linked(PSID, 0, conv(REF, 0)).data, userRef: REF.id },
      };
      given([]).when(link).then([expected]);
      given([expected]).when(link).thenNothing();
      given([expected])
        .when(routeUpdate(PSID, 'mid:p1', view(conv(REF, 0), 'live')))
        .thenNothing();
    });

    it('a user_ref’s first postback opens a conversation keyed apart from any id', () => {
      given([])
        .when(routeUpdate(REF, 'update:d1:0', null))
        .then([linked(REF, 0), routed('update:d1:0', conv(REF, 0))]);
      expect(conv(REF, 0)).not.toBe(conversationIdFor(PAGE, { kind: 'psid', id: REF.id }, 0));
    });
  });
});
