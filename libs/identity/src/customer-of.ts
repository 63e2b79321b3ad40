import type { Channel, CustomerIdentity, Referral } from '@pagedesk/conversation';
import { identityStream } from './customer-routes';

/**
 * Which customer an identity on a page is: the name of its identity stream, so
 * the key is the one the inbound side already routes on (a PSID is page-scoped,
 * a user_ref never meets an id).
 */
export const customerKeyOf = (pageId: string, identity: CustomerIdentity): string =>
  identityStream(pageId, identity);

/** How the customer reaches the page in one conversation, as the desk names it. */
export type CustomerChannel = 'messenger' | 'chat_plugin_guest' | 'chat_plugin_upgraded';

/** A guest who logged in, or a user_ref who replied: the same person, now known by PSID. */
export const JOINED_CHANNEL: CustomerChannel = 'chat_plugin_upgraded';

/** The facts of a conversation's events that say who the customer is. */
export type CustomerFact =
  | {
      readonly type: 'ConversationStarted';
      readonly pageId: string;
      readonly customer: CustomerIdentity;
      readonly channel: Channel;
    }
  | {
      readonly type: 'GuestUpgraded';
      readonly pageId: string;
      readonly guestId: string;
      readonly psid: string;
    }
  | {
      readonly type: 'UserRefResolved';
      readonly pageId: string;
      readonly userRef: string;
      readonly psid: string;
    };

export type CustomerDecision =
  /** The conversation belongs to this customer, reached this way. */
  | { readonly kind: 'attach'; readonly customerKey: string; readonly channel: CustomerChannel }
  /**
   * The same person under a second identity (a Chat Plugin guest logged in, a
   * user_ref replied from Messenger): everything known under `from` is the
   * customer `into`'s, and `from` answers as `into` from now on.
   */
  | {
      readonly kind: 'join';
      readonly from: string;
      readonly into: string;
      readonly channel: CustomerChannel;
    };

/**
 * `joinedInto` answers which customer a key was joined into earlier (undefined
 * if none): a guest id seen again after its upgrade is the PSID's customer.
 */
export function customerDecision(
  fact: CustomerFact,
  joinedInto: (customerKey: string) => string | undefined,
): CustomerDecision {
  switch (fact.type) {
    case 'ConversationStarted': {
      const key = customerKeyOf(fact.pageId, fact.customer);
      return { kind: 'attach', customerKey: joinedInto(key) ?? key, channel: startChannel(fact) };
    }
    case 'GuestUpgraded':
      return join(fact.pageId, { kind: 'guest', id: fact.guestId }, fact.psid);
    case 'UserRefResolved':
      return join(fact.pageId, { kind: 'user_ref', id: fact.userRef }, fact.psid);
    default:
      return fact satisfies never;
  }
}

function startChannel(
  fact: Extract<CustomerFact, { type: 'ConversationStarted' }>,
): CustomerChannel {
  if (fact.channel === 'messenger') return 'messenger';
  return fact.customer.kind === 'psid' ? 'chat_plugin_upgraded' : 'chat_plugin_guest';
}

function join(pageId: string, before: CustomerIdentity, psid: string): CustomerDecision {
  return {
    kind: 'join',
    from: customerKeyOf(pageId, before),
    into: customerKeyOf(pageId, { kind: 'psid', id: psid }),
    channel: JOINED_CHANNEL,
  };
}

/** Referrals that say how the customer came (an m.me ref, an ad, a Chat Plugin ref), not the Chat Plugin's own signals. */
export const isArrivalReferral = (referral: Referral): boolean =>
  referral.type !== 'GUEST_UPGRADE' && referral.type !== 'END_CHAT';
