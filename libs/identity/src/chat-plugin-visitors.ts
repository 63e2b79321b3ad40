import type { Decider } from '@pagedesk/event-store';

/** Facebook keeps a plugin visitor's thread for a day; an older user_ref is not a candidate. */
export const CLAIM_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface UserRefVisitor {
  readonly userRef: string;
  readonly conversationId: string;
  readonly openedAt: number;
  /** The PSID that continued this visitor's conversation, once one did. */
  readonly psid: string | null;
}

export type VisitorCommand =
  | {
      readonly type: 'RecordUserRefOpened';
      readonly data: {
        readonly userRef: string;
        readonly conversationId: string;
        readonly openedAt: number;
      };
    }
  | {
      readonly type: 'ClaimUserRefVisitor';
      readonly data: { readonly psid: string; readonly at: number };
    };

export type VisitorEvent =
  | {
      readonly type: 'UserRefConversationOpened';
      readonly data: {
        readonly userRef: string;
        readonly conversationId: string;
        readonly openedAt: number;
      };
    }
  | {
      readonly type: 'UserRefResolved';
      readonly data: { readonly userRef: string; readonly psid: string };
    };

/** A page's Chat Plugin visitors known only by a user_ref, newest conversation per user_ref. */
export type VisitorsState =
  | { readonly status: 'none' }
  | { readonly status: 'known'; readonly visitors: readonly UserRefVisitor[] };

export const VISITOR_EVENT_TYPES: readonly VisitorEvent['type'][] = [
  'UserRefConversationOpened',
  'UserRefResolved',
];

const visitorsOf = (state: VisitorsState): readonly UserRefVisitor[] =>
  state.status === 'known' ? state.visitors : [];

/** The user_ref visitor this PSID continues, if it claimed one. */
export const claimedBy = (state: VisitorsState, psid: string): UserRefVisitor | undefined =>
  visitorsOf(state).find((v) => v.psid === psid);

/**
 * Facebook sends no link when a user_ref visitor replies and a PSID appears,
 * so the PSID's first plugin message claims the page's one open user_ref
 * conversation, and only when there is exactly one: with two candidates a
 * guess could show one customer another's chat, so a new conversation is safer.
 */
export function decideVisitors(command: VisitorCommand, state: VisitorsState): VisitorEvent[] {
  switch (command.type) {
    case 'RecordUserRefOpened': {
      const { userRef, conversationId } = command.data;
      const known = visitorsOf(state).find((v) => v.userRef === userRef);
      if (known?.conversationId === conversationId) return [];
      return [{ type: 'UserRefConversationOpened', data: { ...command.data } }];
    }
    case 'ClaimUserRefVisitor': {
      const { psid, at } = command.data;
      if (claimedBy(state, psid)) return [];
      const open = visitorsOf(state).filter(
        (v) => v.psid === null && at >= v.openedAt && at - v.openedAt < CLAIM_WINDOW_MS,
      );
      const [only] = open;
      if (open.length !== 1 || !only) return [];
      return [{ type: 'UserRefResolved', data: { userRef: only.userRef, psid } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown visitor command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveVisitors(state: VisitorsState, event: VisitorEvent): VisitorsState {
  const visitors = visitorsOf(state);
  switch (event.type) {
    case 'UserRefConversationOpened': {
      const others = visitors.filter((v) => v.userRef !== event.data.userRef);
      return { status: 'known', visitors: [...others, { ...event.data, psid: null }] };
    }
    case 'UserRefResolved':
      return {
        status: 'known',
        visitors: visitors.map((v) =>
          v.userRef === event.data.userRef ? { ...v, psid: event.data.psid } : v,
        ),
      };
    default: {
      const unknown: never = event;
      throw new Error(`unknown visitor event ${JSON.stringify(unknown)}`);
    }
  }
}

export const chatPluginVisitors: Decider<VisitorsState, VisitorCommand, VisitorEvent> = {
  decide: decideVisitors,
  evolve: evolveVisitors,
  initialState: () => ({ status: 'none' }),
};
