import type { CustomerIdentity } from '@pagedesk/conversation';
import { streamIdPart, type Decider } from '@pagedesk/event-store';
import { AppError, deterministicUuid } from '@pagedesk/shared';
import { Routes } from './route-book';

/**
 * One stream per (page, identity). Keyed on the id, not the kind: Facebook
 * sends a guest's messages with the guest id as a plain sender id, and only
 * referrals say "guest". user_refs are developer-chosen strings, so they get
 * a prefix to never meet an id. Both parts go through streamIdPart: whatever
 * Facebook sends, the name is valid.
 */
export const identityStream = (pageId: string, customer: CustomerIdentity): string =>
  `customer-${streamIdPart(pageId)}.${streamIdPart(customer.kind === 'user_ref' ? `ref:${customer.id}` : customer.id)}`;

/** The n-th conversation of an identity: derived, so two writers racing to open it agree on one. */
export const conversationIdFor = (
  pageId: string,
  customer: CustomerIdentity,
  sequence: number,
): string => deterministicUuid(`conversation|${identityStream(pageId, customer)}|${sequence}`);

/** The name an update with a Facebook mid is routed under (updateKey). */
export const midKey = (mid: string): string => `mid:${mid}`;
const isMidKey = (key: string): boolean => key.startsWith('mid:');

/**
 * The mids a conversation holds, read just before the identity leaves it
 * (linked elsewhere): from then on they are routed there for good.
 */
export interface HeldMids {
  readonly conversationId: string;
  readonly mids: readonly string[];
}

/**
 * What the conversation an update would go to says about it, as the inbound
 * side saw it just before deciding. absent: never started; live: it takes
 * the update (ended ones may: a CSAT answer); holds: it already recorded this
 * very update (a repeat); ended: it would refuse it, and an opening update
 * leaves it for the next conversation, so the view carries the mids it holds.
 */
export type ConversationView =
  | { readonly conversationId: string; readonly status: 'absent' | 'live' | 'holds' }
  | ({ readonly status: 'ended' } & HeldMids);

interface Link {
  readonly conversationId: string;
  /** How many conversations this identity was linked to before this one. */
  readonly sequence: number;
}

type Identified = { readonly pageId: string; readonly customer: CustomerIdentity };
/** A link moves the identity off its current conversation (if any): `leaving` is that one, as the inbound side read it. */
type Leaving = { readonly leaving: HeldMids | null };

export type IdentityCommand =
  | {
      /**
       * Which conversation one update goes to. `key` names the update for
       * good (a mid, or the delivery and its index): once routed, the update
       * goes to the same conversation however often it is processed again.
       */
      readonly type: 'RouteUpdate';
      readonly data: Identified & {
        readonly key: string;
        /** A customer reaching out opens a conversation when none is live; receipts, echoes and endings never do. */
        readonly opens: boolean;
        /**
         * A delivery or read watermark: it goes to the current conversation and
         * is not recorded (they are most of the updates, and applied again
         * anywhere a watermark marks nothing new).
         */
        readonly receipt: boolean;
        /** The conversation routeTarget named for this key (null when the identity has none). */
        readonly seen: ConversationView | null;
      };
    }
  | {
      /** GUEST_UPGRADE named this PSID for the guest: the PSID writes into the guest's conversation. */
      readonly type: 'LinkUpgradedGuest';
      readonly data: UpgradeLink & Leaving;
    }
  | {
      /** This PSID is a user_ref visitor replying (chatPluginVisitors claimed it): it continues that conversation. */
      readonly type: 'LinkResolvedUserRef';
      readonly data: Identified &
        Leaving & { readonly userRef: string; readonly conversationId: string };
    };

/** What GUEST_UPGRADE links, before the inbound side reads what the PSID leaves. */
export type UpgradeLink = Identified & {
  readonly guestId: string;
  readonly conversationId: string;
};

export type IdentityEvent =
  | {
      readonly type: 'CustomerConversationLinked';
      readonly data: Identified & Link & { readonly userRef?: string };
    }
  | {
      readonly type: 'GuestUpgradeLinked';
      readonly data: Identified & Link & { readonly guestId: string };
    }
  | {
      readonly type: 'CustomerUpdateRouted';
      readonly data: { readonly key: string; readonly conversationId: string };
    }
  | {
      /** The identity was linked elsewhere: the mids this conversation holds stay routed to it (see route). */
      readonly type: 'CustomerConversationLeft';
      readonly data: HeldMids;
    };

export const IDENTITY_EVENT_TYPES: readonly IdentityEvent['type'][] = [
  'CustomerConversationLinked',
  'GuestUpgradeLinked',
  'CustomerUpdateRouted',
  'CustomerConversationLeft',
];

export type IdentityState =
  | { readonly status: 'unlinked' }
  | {
      readonly status: 'linked';
      readonly current: Link;
      /** Every update routed so far (key → conversation): the per-customer record that makes a repeat a no-op. */
      readonly routes: Routes;
    };

/**
 * The identity moved on (another writer linked or routed) between the look at
 * the conversation and the decision: transient, look again.
 */
export class IdentityMovedError extends AppError {
  readonly transient = true;
  constructor(what: string) {
    super('conflict', `the identity moved on while ${what} was decided`);
  }
}

/** Where this update goes if nothing changes: where it went before, else the identity's current conversation. */
export function routeTarget(state: IdentityState, key: string): string | undefined {
  if (state.status === 'unlinked') return undefined;
  return state.routes.get(key) ?? state.current.conversationId;
}

/** The conversation this update goes to after RouteUpdate: the one it was routed to, a receipt the current one. */
export function routeOf(
  state: IdentityState,
  update: { readonly key: string; readonly receipt: boolean },
): string | undefined {
  if (state.status === 'unlinked') return undefined;
  if (update.receipt) return state.current.conversationId;
  const routed = state.routes.get(update.key);
  // An update known by its mid goes unrecorded to the current conversation (see route).
  return routed ?? (isMidKey(update.key) ? state.current.conversationId : undefined);
}

/**
 * A PSID seen for the first time in a plugin-tagged message may be a user_ref
 * visitor replying (Facebook sends no link): only then is the page's visitor
 * list asked (chatPluginVisitors) which conversation it continues.
 */
export const mayContinueUserRef = (
  state: IdentityState,
  update: { readonly customer: CustomerIdentity; readonly fromChatPlugin: boolean },
): boolean =>
  state.status === 'unlinked' && update.customer.kind === 'psid' && update.fromChatPlugin;

export function decideIdentity(command: IdentityCommand, state: IdentityState): IdentityEvent[] {
  switch (command.type) {
    case 'RouteUpdate':
      return route(command.data, state);
    case 'LinkUpgradedGuest': {
      const { pageId, customer, guestId, conversationId, leaving } = command.data;
      if (currentOf(state)?.conversationId === conversationId) return [];
      const data = { pageId, customer, guestId, conversationId, sequence: nextSequence(state) };
      return [...leave(state, leaving), { type: 'GuestUpgradeLinked', data }];
    }
    case 'LinkResolvedUserRef': {
      const { pageId, customer, userRef, conversationId, leaving } = command.data;
      if (currentOf(state)?.conversationId === conversationId) return [];
      const data = { pageId, customer, userRef, conversationId, sequence: nextSequence(state) };
      return [...leave(state, leaving), { type: 'CustomerConversationLinked', data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown identity command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Route before apply: the route is recorded in the identity's stream first, so
 * an update processed again (a crash between the two appends, a delivery seen
 * again after a restart) goes where it went the first time, never to the
 * conversation the customer has moved on to since.
 *
 * Except for an update known by its mid that goes to the identity's current
 * conversation (most customer messages): it goes there unrecorded, because
 * while that conversation is current an update processed again goes there
 * anyway, and the conversation itself keeps the mid (it then holds it). The
 * identity moves on only by a link in its own stream, and every link records
 * first that the conversation it leaves keeps its mids (CustomerConversationLeft,
 * in the same append), so from then on those mids go there, as if each had
 * been recorded.
 */
function route(
  data: Extract<IdentityCommand, { type: 'RouteUpdate' }>['data'],
  state: IdentityState,
): IdentityEvent[] {
  const { key, opens, receipt, seen } = data;
  if ((seen?.conversationId ?? undefined) !== routeTarget(state, key))
    throw new IdentityMovedError(`update ${key}`);
  if (receipt) return [];
  if (state.status === 'unlinked' || !seen) return opens ? openNext(data, state) : [];
  const { current } = state;
  const routedTo = state.routes.get(key);
  if (routedTo !== undefined) {
    // Routed, but the conversation ended before the update reached it (the conversation says it does not hold it): route it on.
    if (seen.status !== 'ended' || !opens) return [];
    if (routedTo !== current.conversationId) return [routed(key, current.conversationId)];
    return openNext(data, state, seen);
  }
  switch (seen.status) {
    case 'absent':
      return opens ? toCurrent(key, current.conversationId, state) : [];
    case 'live':
    case 'holds':
      return toCurrent(key, current.conversationId, state);
    case 'ended':
      // A receipt or an echo may still belong to the ended conversation: it decides.
      return opens ? openNext(data, state, seen) : toCurrent(key, current.conversationId, state);
    default: {
      const unknown: never = seen;
      throw new Error(`unknown conversation view ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The update goes to what is (or is about to be) the identity's current
 * conversation: recorded, unless the conversation keeps its mid and no
 * earlier record of the key says otherwise.
 */
function toCurrent(key: string, conversationId: string, state: IdentityState): IdentityEvent[] {
  const recorded = state.status === 'linked' && state.routes.get(key) !== undefined;
  return isMidKey(key) && !recorded ? [] : [routed(key, conversationId)];
}

function openNext(
  { pageId, customer, key }: Identified & { readonly key: string },
  state: IdentityState,
  left: HeldMids | null = null,
): IdentityEvent[] {
  const sequence = nextSequence(state);
  const conversationId = conversationIdFor(pageId, customer, sequence);
  return [
    ...leave(state, left),
    { type: 'CustomerConversationLinked', data: { pageId, customer, conversationId, sequence } },
    ...toCurrent(key, conversationId, state),
  ];
}

/** Before a link: the conversation the identity leaves keeps its mids (route). It must be the one the identity points at. */
function leave(state: IdentityState, leaving: HeldMids | null): IdentityEvent[] {
  const current = currentOf(state);
  if (!current) return [];
  if (leaving?.conversationId !== current.conversationId)
    throw new IdentityMovedError(`the link away from ${current.conversationId}`);
  const { conversationId, mids } = leaving;
  if (mids.length === 0) return [];
  return [{ type: 'CustomerConversationLeft', data: { conversationId, mids } }];
}

const routed = (key: string, conversationId: string): IdentityEvent => ({
  type: 'CustomerUpdateRouted',
  data: { key, conversationId },
});

const currentOf = (state: IdentityState): Link | undefined =>
  state.status === 'linked' ? state.current : undefined;

const nextSequence = (state: IdentityState): number => {
  const current = currentOf(state);
  return current ? current.sequence + 1 : 0;
};

export function evolveIdentity(state: IdentityState, event: IdentityEvent): IdentityState {
  const routes = state.status === 'linked' ? state.routes : Routes.empty();
  switch (event.type) {
    case 'CustomerConversationLinked':
    case 'GuestUpgradeLinked': {
      const { conversationId, sequence } = event.data;
      return { status: 'linked', current: { conversationId, sequence }, routes };
    }
    case 'CustomerUpdateRouted': {
      if (state.status !== 'linked') return state;
      return { ...state, routes: routes.with(event.data.key, event.data.conversationId) };
    }
    case 'CustomerConversationLeft': {
      if (state.status !== 'linked') return state;
      const { conversationId, mids } = event.data;
      return {
        ...state,
        routes: mids.reduce((book, mid) => book.with(midKey(mid), conversationId), routes),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown identity event ${JSON.stringify(unknown)}`);
    }
  }
}

export const customerIdentity: Decider<IdentityState, IdentityCommand, IdentityEvent> = {
  decide: decideIdentity,
  evolve: evolveIdentity,
  initialState: () => ({ status: 'unlinked' }),
};
