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

export interface SlotClaim {
  readonly conversationId: string;
  /** When it was claimed (epoch ms, from the command's clock). */
  readonly at: number;
}

export interface AgentSlotsState {
  readonly claims: readonly SlotClaim[];
}

/** What the claiming node's routing book says of a claimed chat; absent: still waiting, or unknown. */
export type ClaimSeen = 'held' | 'over';

export type AgentSlotsCommand =
  | {
      readonly type: 'ClaimSlot';
      readonly data: {
        readonly conversationId: string;
        readonly capacity: number;
        /** The chats the book shows the agent holding. */
        readonly held: readonly string[];
        /** Per claimed chat, what the book shows of it. */
        readonly seen: Readonly<Record<string, ClaimSeen>>;
      };
      readonly metadata: { readonly now: string };
    }
  | {
      readonly type: 'ReleaseSlot';
      readonly data: { readonly conversationId: string };
      readonly metadata: { readonly now: string };
    };

export type AgentSlotsEvent =
  | {
      readonly type: 'AgentSlotClaimed';
      /** `released`: claims found spent on the way, dropped so the state stays as small as the load. */
      readonly data: {
        readonly conversationId: string;
        readonly at: number;
        readonly released: readonly string[];
      };
    }
  | { readonly type: 'AgentSlotReleased'; readonly data: { readonly conversationId: string } };

/** The one refusal for a full agent, wherever it is found (socket acks answer `capacity`). */
export const atCapacity = (capacity: number): AppError =>
  new AppError('capacity', `at capacity: ${capacity} simultaneous chats`, { capacity });

export const initialAgentSlots = (): AgentSlotsState => ({ claims: [] });

export function decideAgentSlots(
  command: AgentSlotsCommand,
  state: AgentSlotsState,
): AgentSlotsEvent[] {
  switch (command.type) {
    case 'ClaimSlot':
      return claim(command.data, Date.parse(command.metadata.now), state);
    case 'ReleaseSlot':
      return state.claims.some((c) => c.conversationId === command.data.conversationId)
        ? [{ type: 'AgentSlotReleased', data: { conversationId: command.data.conversationId } }]
        : [];
    default:
      return unhandled(command);
  }
}

function claim(
  {
    conversationId,
    capacity,
    held,
    seen,
  }: Extract<AgentSlotsCommand, { type: 'ClaimSlot' }>['data'],
  now: number,
  state: AgentSlotsState,
): AgentSlotsEvent[] {
  const counts = (c: SlotClaim) =>
    seen[c.conversationId] === 'held' ||
    (seen[c.conversationId] !== 'over' && now - c.at < CLAIM_TTL_MS);
  const others = state.claims.filter((c) => c.conversationId !== conversationId);
  const load = new Set([...held, ...others.filter(counts).map((c) => c.conversationId)]);
  load.delete(conversationId);
  if (load.size >= capacity) throw atCapacity(capacity);
  const released = others.filter((c) => !counts(c)).map((c) => c.conversationId);
  return [{ type: 'AgentSlotClaimed', data: { conversationId, at: now, released } }];
}

export function evolveAgentSlots(state: AgentSlotsState, event: AgentSlotsEvent): AgentSlotsState {
  switch (event.type) {
    case 'AgentSlotClaimed': {
      const gone = new Set([...event.data.released, event.data.conversationId]);
      const kept = state.claims.filter((c) => !gone.has(c.conversationId));
      return {
        claims: [...kept, { conversationId: event.data.conversationId, at: event.data.at }],
      };
    }
    case 'AgentSlotReleased':
      return { claims: state.claims.filter((c) => c.conversationId !== event.data.conversationId) };
    default:
      return unhandled(event);
  }
}

export const agentSlotsDecider = {
  decide: decideAgentSlots,
  evolve: evolveAgentSlots,
  initialState: initialAgentSlots,
};

function unhandled(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
