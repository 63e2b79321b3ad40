import type { RoutedConversation } from './routed-conversation';
import type { RoutingBook } from './routing-book';
import type { RoutingDirectory } from './routing-directory';

type Waiting = Extract<RoutedConversation, { status: 'queued' }>;

export interface Assignment {
  readonly conversationId: string;
  readonly agentId: string;
}

/** Taken back from an agent first, then first come, first served; the log position breaks ties. */
const byTurn = (a: Waiting, b: Waiting): number =>
  Number(b.front) - Number(a.front) || a.queuedAt - b.queuedAt || a.position - b.position;

/**
 * Offer mode: a ready agent with n free slots is offered the n conversations
 * whose turn it is across their offer queues. Offers are derived, never
 * stored: recomputing them after any change and diffing with what the agent
 * was shown yields every `chat:requested` and `chat:request_withdrawn`.
 */
export function offersFor(
  book: RoutingBook,
  directory: RoutingDirectory,
  agentId: string,
): Waiting[] {
  const presence = book.presence(agentId);
  const capacity = directory.capacityOf(agentId);
  if (!presence || !book.canTake(agentId, capacity)) return [];
  const free = capacity - book.loadOf(agentId);
  return directory
    .queuesOf(agentId)
    .filter((queue) => queue.routingMode === 'offer')
    .flatMap((queue) => book.waiting(presence.tenantId, queue.queueId) as Waiting[])
    .sort(byTurn)
    .slice(0, free);
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
