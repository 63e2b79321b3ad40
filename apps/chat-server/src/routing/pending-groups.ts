import { queueKey } from '@pagedesk/routing';

/**
 * The grouped queues whose groups are decided again at the end of this turn
 * (Router.settle), and the agents whose offers wait for that decision. A new
 * chat moved its queue 4 or 5 times (queued, handed out, assigned, ended), each
 * deciding the queue's groups for its 200 members; a turn often holds several
 * new chats' moves.
 */
export class PendingGroups {
  private readonly queues = new Map<string, { tenantId: string; queueId: string }>();
  private readonly agents = new Set<string>();

  get empty(): boolean {
    return this.queues.size === 0;
  }

  add(tenantId: string, queueId: string): void {
    const key = queueKey(tenantId, queueId);
    if (!this.queues.has(key)) this.queues.set(key, { tenantId, queueId });
  }

  /** Whether nothing but this queue is waiting for its decision. */
  onlyFor(tenantId: string, queueId: string): boolean {
    const key = queueKey(tenantId, queueId);
    for (const pending of this.queues.keys()) if (pending !== key) return false;
    return true;
  }

  /** Keeps the agent's offers for the decision when one of their queues waits for it. */
  defers(agentId: string, tenantId: string, queues: readonly { queueId: string }[]): boolean {
    if (!queues.some(({ queueId }) => this.queues.has(queueKey(tenantId, queueId)))) return false;
    this.agents.add(agentId);
    return true;
  }

  /** The queues to decide, in the order they first changed, and the agents kept; forgotten here. */
  take(): { queues: { tenantId: string; queueId: string }[]; agents: string[] } {
    const taken = { queues: [...this.queues.values()], agents: [...this.agents] };
    this.queues.clear();
    this.agents.clear();
    return taken;
  }
}
