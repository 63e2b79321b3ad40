import type { RoutedConversation } from './routed-conversation';
import type { RoutingBook } from './routing-book';
import { offerGroupOf, type RoutingDirectory } from './routing-directory';

type Waiting = Extract<RoutedConversation, { status: 'queued' }>;

export interface Assignment {
  readonly conversationId: string;
  readonly agentId: string;
}

/** Taken back from an agent first, then first come, first served; the log position breaks ties. */
const byTurn = (a: Waiting, b: Waiting): number =>
  Number(b.front) - Number(a.front) || a.queuedAt - b.queuedAt || a.position - b.position;

/** A queue's waiting conversations in turn order. */
export type WaitingInTurn = (tenantId: string, queueId: string) => readonly Waiting[];

/**
 * Sorts each queue's waiting list once, however many agents ask during one
 * routing pass (a change re-derives the offers of every member of the queue).
 * Valid while the book does not change.
 */
export function waitingInTurn(book: RoutingBook): WaitingInTurn {
  const sorted = new Map<string, Waiting[]>();
  return (tenantId, queueId) => {
    const key = `${tenantId}\n${queueId}`;
    let list = sorted.get(key);
    if (!list) {
      list = (book.waiting(tenantId, queueId) as Waiting[]).sort(byTurn);
      sorted.set(key, list);
    }
    return list;
  };
}

/**
 * Offer mode: a ready agent with n free slots is offered the n conversations
 * whose turn it is across their offer queues. Offers are derived, never
 * stored: recomputing them after a change that concerns the agent and diffing with what they
 * were shown yields every `chat:requested` and `chat:request_withdrawn`.
 * Queues with offer groups decide their own (offer-groups.ts); `grouped` is how many of the
 * agent's free slots those fill already.
 */
export function offersFor(
  book: RoutingBook,
  directory: RoutingDirectory,
  agentId: string,
  waiting: WaitingInTurn = waitingInTurn(book),
  grouped = 0,
): Waiting[] {
  const presence = book.presence(agentId);
  const capacity = directory.capacityOf(agentId);
  if (!presence || !book.canTake(agentId, capacity)) return [];
  const free = capacity - book.loadOf(agentId) - grouped;
  if (free <= 0) return [];
  const queues = directory
    .queuesOf(agentId)
    .filter((queue) => queue.routingMode === 'offer' && !offerGroupOf(queue));
  // One list is in turn order already; of several, the first `free` of each hold the first `free` overall.
  if (queues.length === 1) return waiting(presence.tenantId, queues[0]!.queueId).slice(0, free);
  return queues
    .flatMap((queue) => waiting(presence.tenantId, queue.queueId).slice(0, free))
    .sort(byTurn)
    .slice(0, free);
}

/**
 * Where a conversation that just joined a queue's waiting list stands in it:
 * only an agent with more free slots than that could be offered it now
 * (several queues merged put it no earlier), so the others need no new look.
 */
export function turnOf(
  waiting: WaitingInTurn,
  tenantId: string,
  queueId: string,
  conversationId: string,
): number {
  return waiting(tenantId, queueId).findIndex((c) => c.conversationId === conversationId);
}

/**
 * Auto mode: each waiting conversation in turn goes to the ready agent with a
 * free slot who has waited longest. Reserves the slots it hands out; the
 * caller records the assignments and releases a slot whose command failed.
 */
export function autoAssignments(
  book: RoutingBook,
  directory: RoutingDirectory,
  tenantId: string,
  queueId: string,
  now: number,
): Assignment[] {
  const queue = directory.queue(tenantId, queueId);
  if (queue?.routingMode !== 'auto') return [];
  const assignments: Assignment[] = [];
  for (const conversation of book.waiting(tenantId, queueId)) {
    const agentId = longestWaiting(book, directory, queue.members);
    if (agentId === undefined) break;
    book.reserve(agentId, conversation.conversationId, now);
    assignments.push({ conversationId: conversation.conversationId, agentId });
  }
  return assignments;
}

function longestWaiting(
  book: RoutingBook,
  directory: RoutingDirectory,
  members: readonly string[],
): string | undefined {
  let best: { agentId: string; since: number } | undefined;
  for (const agentId of members) {
    if (!book.canTake(agentId, directory.capacityOf(agentId))) continue;
    const since = book.presence(agentId)!.availableSince;
    if (!best || since < best.since) best = { agentId, since };
  }
  return best?.agentId;
}
