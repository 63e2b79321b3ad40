/**
 * Offer groups: in a queue with a group size G, each waiting chat is on at most
 * G agents' screens at once instead of every member's. Shown the same oldest
 * chats, agents with n free slots could only ever have n accepts under way
 * between them, and every change to the waiting list meant deriving every
 * member's offers again (BENCHMARKS.md, session 14). Here different agents see
 * different chats, and one change recomputes the queue's groups once.
 */

/** A waiting chat, and since when it has waited (epoch ms). */
export interface GroupedChat {
  readonly conversationId: string;
  readonly since: number;
}

/** An agent who may be offered the queue's chats, and how many more they may be shown. */
export interface EligibleAgent {
  readonly agentId: string;
  readonly free: number;
}

export interface OfferGroupInput {
  /** In turn order: the first has the first pick of agents. */
  readonly waiting: readonly GroupedChat[];
  /** Ties go to the first (the router lists the longest available first). */
  readonly agents: readonly EligibleAgent[];
  readonly size: number;
  readonly ringMs: number;
  readonly now: number;
  /** Each chat's group as last decided: kept as long as its agents may still see it. */
  readonly previous: ReadonlyMap<string, readonly string[]>;
}

export interface OfferGroups {
  /** Per chat shown to anyone, its agents: those it kept first, then those it gained. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** When a group next widens and could show someone more (epoch ms); null: no ring would. */
  readonly widensAt: number | null;
}

/** Rings a chat has waited unaccepted; each lets its group grow by `size` more agents. */
const ringsElapsed = (chat: GroupedChat, ringMs: number, now: number) =>
  Math.max(0, Math.floor((now - chat.since) / ringMs));

/** How many agents the chat may be shown to now. */
export const groupLimit = (chat: GroupedChat, size: number, ringMs: number, now: number) =>
  size * (1 + ringsElapsed(chat, ringMs, now));

export function offerGroups(input: OfferGroupInput): OfferGroups {
  const { waiting, size, ringMs, now } = input;
  const free = new Map<string, number>();
  for (const agent of input.agents) if (agent.free > 0) free.set(agent.agentId, agent.free);
  const limits = waiting.map((chat) => groupLimit(chat, size, ringMs, now));
  // Kept first, for every chat, so that a newcomer takes only the slots nobody holds yet.
  const groups = waiting.map((chat, i) =>
    keep(input.previous.get(chat.conversationId), free, limits[i]!),
  );
  // Then oldest first, each chat takes the agents with the most room left: different agents see different chats.
  for (const [i, group] of groups.entries()) {
    if (free.size === 0) break;
    while (group.length < limits[i]!) {
      const agentId = roomiest(input.agents, free, group);
      if (agentId === undefined) break;
      group.push(agentId);
      take(free, agentId);
    }
  }
  const shown = new Map<string, readonly string[]>();
  for (const [i, group] of groups.entries())
    if (group.length > 0) shown.set(waiting[i]!.conversationId, group);
  return { groups: shown, widensAt: nextWidening(waiting, groups, limits, free, ringMs, now) };
}

function keep(
  previous: readonly string[] | undefined,
  free: Map<string, number>,
  limit: number,
): string[] {
  const kept: string[] = [];
  for (const agentId of previous ?? []) {
    if (kept.length === limit) break;
    if (!free.has(agentId) || kept.includes(agentId)) continue;
    kept.push(agentId);
    take(free, agentId);
  }
  return kept;
}

function take(free: Map<string, number>, agentId: string): void {
  const left = free.get(agentId)! - 1;
  if (left > 0) free.set(agentId, left);
  else free.delete(agentId);
}

function roomiest(
  agents: readonly EligibleAgent[],
  free: ReadonlyMap<string, number>,
  group: readonly string[],
): string | undefined {
  let best: { agentId: string; left: number } | undefined;
  for (const { agentId } of agents) {
    const left = free.get(agentId);
    if (left === undefined || (best && left <= best.left) || group.includes(agentId)) continue;
    best = { agentId, left };
  }
  return best?.agentId;
}

/** The earliest ring of a full group that an agent with room, not yet in it, could join. */
function nextWidening(
  waiting: readonly GroupedChat[],
  groups: readonly string[][],
  limits: readonly number[],
  free: ReadonlyMap<string, number>,
  ringMs: number,
  now: number,
): number | null {
  if (free.size === 0) return null;
  let next: number | null = null;
  for (const [i, chat] of waiting.entries()) {
    const group = groups[i]!;
    if (group.length < limits[i]!) continue;
    if (![...free.keys()].some((agentId) => !group.includes(agentId))) continue;
    const at = chat.since + (ringsElapsed(chat, ringMs, now) + 1) * ringMs;
    if (next === null || at < next) next = at;
  }
  return next;
}
