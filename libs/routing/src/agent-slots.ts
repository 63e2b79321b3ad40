import { AppError } from '@pagedesk/shared';

/**
 * One agent's chat slots as the nodes of a cluster claim them (docs/postgres.md,
 * "Capacity across nodes"). Each node's routing book counts what its log
 * subscription has seen, so two nodes can each see a free slot at once; a claim
 * appended to the agent's slot stream with expected revision is what they
 * serialise on. A claim is not a chat: it counts until the routing book shows
 * the chat held by the agent (then the book counts it), over (ended, or with
 * someone else), or until CLAIM_TTL_MS passes with neither (its command was
 * refused and the release lost, or the node died between the two).
 */
export const CLAIM_TTL_MS = 30_000;

/** The decision's clock reading: the command's `metadata.now` (ISO-8601), never a clock read here. */
export type AgentSlotsMetadata = { readonly now: string };

export type SlotClaim = {
  readonly conversationId: string;
  /** When it was claimed (epoch ms, from the event's metadata). */
  readonly at: number;
};

/** `unclaimed`: no claim on record (a new stream, or every claim released or dropped). */
export type AgentSlotsState =
  | { readonly status: 'unclaimed' }
  | { readonly status: 'claimed'; readonly claims: readonly [SlotClaim, ...SlotClaim[]] };

/** What the claiming node's routing book says of a claimed chat; absent: still waiting, or unknown. */
export type ClaimSeen = 'held' | 'over';

export type ClaimSlot = {
  readonly type: 'ClaimSlot';
  readonly data: {
    readonly conversationId: string;
    readonly capacity: number;
    /** The chats the book shows the agent holding. */
    readonly held: readonly string[];
    /** Per claimed chat, what the book shows of it. */
    readonly seen: Readonly<Record<string, ClaimSeen>>;
  };
  readonly metadata: AgentSlotsMetadata;
};

export type ReleaseSlot = {
  readonly type: 'ReleaseSlot';
  readonly data: { readonly conversationId: string };
  readonly metadata: AgentSlotsMetadata;
};

export type AgentSlotsCommand = ClaimSlot | ReleaseSlot;

export type AgentSlotClaimed = {
  readonly type: 'AgentSlotClaimed';
  /** `released`: claims found spent on the way, dropped so the state stays as small as the load. */
  readonly data: { readonly conversationId: string; readonly released: readonly string[] };
  readonly metadata: AgentSlotsMetadata;
};

export type AgentSlotReleased = {
  readonly type: 'AgentSlotReleased';
  readonly data: { readonly conversationId: string };
  readonly metadata: AgentSlotsMetadata;
};

/** What decide writes today. */
export type AgentSlotsEvent = AgentSlotClaimed | AgentSlotReleased;

/**
 * As the first version wrote them, and slot streams in existing stores still hold them:
 * no metadata, the claim's time in `data.at`. Folded, never written.
 */
export type AgentSlotsEventWithoutMetadata =
  | {
      readonly type: 'AgentSlotClaimed';
      readonly data: {
        readonly conversationId: string;
        readonly at: number;
        readonly released: readonly string[];
      };
      readonly metadata?: undefined;
    }
  | {
      readonly type: 'AgentSlotReleased';
      readonly data: { readonly conversationId: string };
      readonly metadata?: undefined;
    };

/** What a slot stream may hold: evolve folds both shapes. */
export type RecordedAgentSlotsEvent = AgentSlotsEvent | AgentSlotsEventWithoutMetadata;

export type AgentSlotsRejection =
  | {
      readonly reason: 'at_capacity';
      readonly capacity: number;
      /** The chats counted against the capacity. */
      readonly load: readonly string[];
    }
  | { readonly reason: 'invalid_time'; readonly now: string };

/** A refusal is an answer, not an exception: the caller maps it to its error code. */
export type AgentSlotsDecision =
  | { readonly outcome: 'decided'; readonly events: readonly AgentSlotsEvent[] }
  | { readonly outcome: 'rejected'; readonly rejection: AgentSlotsRejection };

/** The one refusal for a full agent, wherever it is found (socket acks answer `capacity`). */
export const atCapacity = (capacity: number): AppError =>
  new AppError('capacity', `at capacity: ${capacity} simultaneous chats`, { capacity });

export const initialAgentSlots = (): AgentSlotsState => ({ status: 'unclaimed' });

const decided = (events: readonly AgentSlotsEvent[]): AgentSlotsDecision => ({
  outcome: 'decided',
  events,
});

const rejected = (rejection: AgentSlotsRejection): AgentSlotsDecision => ({
  outcome: 'rejected',
  rejection,
});

const claimsOf = (state: AgentSlotsState): readonly SlotClaim[] =>
  state.status === 'claimed' ? state.claims : [];

/** `[]` for a repeat: a release of what is not claimed, a claim already recorded at this time. */
export function decideAgentSlots(
  command: AgentSlotsCommand,
  state: AgentSlotsState,
): AgentSlotsDecision {
  const now = Date.parse(command.metadata.now);
  if (Number.isNaN(now)) return rejected({ reason: 'invalid_time', now: command.metadata.now });
  const metadata: AgentSlotsMetadata = { now: command.metadata.now };
  switch (command.type) {
    case 'ClaimSlot':
      return claim(command.data, now, metadata, claimsOf(state));
    case 'ReleaseSlot': {
      const { conversationId } = command.data;
      return decided(
        claimsOf(state).some((c) => c.conversationId === conversationId)
          ? [{ type: 'AgentSlotReleased', data: { conversationId }, metadata }]
          : [],
      );
    }
    default:
      return unhandled(command);
  }
}

function claim(
  { conversationId, capacity, held, seen }: ClaimSlot['data'],
  now: number,
  metadata: AgentSlotsMetadata,
  claims: readonly SlotClaim[],
): AgentSlotsDecision {
  const counts = (c: SlotClaim) =>
    seen[c.conversationId] === 'held' ||
    (seen[c.conversationId] !== 'over' && now - c.at < CLAIM_TTL_MS);
  const others = claims.filter((c) => c.conversationId !== conversationId);
  const load = new Set([...held, ...others.filter(counts).map((c) => c.conversationId)]);
  load.delete(conversationId);
  if (load.size >= capacity) return rejected({ reason: 'at_capacity', capacity, load: [...load] });
  const released = others.filter((c) => !counts(c)).map((c) => c.conversationId);
  const repeat = released.length === 0 && claims.some((c) => isClaimAt(c, conversationId, now));
  if (repeat) return decided([]);
  return decided([{ type: 'AgentSlotClaimed', data: { conversationId, released }, metadata }]);
}

const isClaimAt = (c: SlotClaim, conversationId: string, at: number) =>
  c.conversationId === conversationId && c.at === at;

/** History is fact: evolve never rejects, and folds the events written before metadata too. */
export function evolveAgentSlots(
  state: AgentSlotsState,
  event: RecordedAgentSlotsEvent,
): AgentSlotsState {
  switch (event.type) {
    case 'AgentSlotClaimed': {
      const { conversationId, released } = event.data;
      const at = event.metadata === undefined ? event.data.at : Date.parse(event.metadata.now);
      const gone = new Set([...released, conversationId]);
      const kept = claimsOf(state).filter((c) => !gone.has(c.conversationId));
      return withClaims([...kept, { conversationId, at }]);
    }
    case 'AgentSlotReleased':
      return withClaims(
        claimsOf(state).filter((c) => c.conversationId !== event.data.conversationId),
      );
    default:
      return unhandled(event);
  }
}

function withClaims(claims: readonly SlotClaim[]): AgentSlotsState {
  const [first, ...rest] = claims;
  return first === undefined
    ? { status: 'unclaimed' }
    : { status: 'claimed', claims: [first, ...rest] };
}

export const agentSlotsDecider = {
  decide: decideAgentSlots,
  evolve: evolveAgentSlots,
  initialState: initialAgentSlots,
} as const;

function unhandled(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
