import { queueKey } from '@pagedesk/routing';
import type { AgentDirectory } from '../tenants/agent-directory.port';

type Members = Pick<AgentDirectory, 'membersOf' | 'queuesOf'>;

/**
 * Whose waiting count may have changed in this turn (Router.tellWaiting): the
 * queues whose waiting list changed, and agents whose own queues or presence did.
 * A queue's members are listed once, when told, not on each of the turn's changes.
 */
export class StaleWaiting {
  /** Per queue: who not to tell, if every change this turn said so (the acceptor of a hand-out). */
  private readonly queues = new Map<
    string,
    { tenantId: string; queueId: string; except: string | null }
  >();
  private readonly agents = new Map<string, string>();

  agent(tenantId: string, agentId: string): void {
    this.agents.set(agentId, tenantId);
  }

  queue(tenantId: string, queueId: string, except: string | null = null): void {
    const key = queueKey(tenantId, queueId);
    const stale = this.queues.get(key);
    if (!stale) this.queues.set(key, { tenantId, queueId, except });
    else if (stale.except !== except) stale.except = null;
  }

  /**
   * Everyone stale (agent → tenant), forgotten here; with `agentId`, that agent alone if stale,
   * the others kept for the end of the turn.
   */
  take(directory: Members, agentId?: string): Map<string, string> {
    const taken = new Map<string, string>();
    if (agentId !== undefined) {
      const tenantId = this.agents.get(agentId) ?? this.queueOf(directory, agentId);
      this.agents.delete(agentId);
      if (tenantId !== undefined) taken.set(agentId, tenantId);
      return taken;
    }
    for (const { tenantId, queueId, except } of this.queues.values())
      for (const member of directory.membersOf(tenantId, queueId))
        if (member !== except) taken.set(member, tenantId);
    for (const [id, tenantId] of this.agents) taken.set(id, tenantId);
    this.queues.clear();
    this.agents.clear();
    return taken;
  }

  /** The tenant of a stale queue the agent is to be told for. */
  private queueOf(directory: Members, agentId: string): string | undefined {
    if (this.queues.size === 0) return undefined;
    const queues = directory.queuesOf(agentId);
    for (const [key, { tenantId, except }] of this.queues)
      if (except !== agentId && queues.some((q) => queueKey(tenantId, q.queueId) === key))
        return tenantId;
    return undefined;
  }
}
