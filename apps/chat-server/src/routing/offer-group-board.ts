import { offerGroups, queueKey, type OfferGroupInput } from '@pagedesk/routing';

type Decision = Omit<OfferGroupInput, 'previous'>;

/**
 * This node's offer groups (libs/routing offer-groups.ts): per queue with a
 * group size, whom each waiting chat is shown to, and one timer for the next
 * ring that would widen a group. Each node decides for the agents connected to
 * it only (docs/gateway.md, "Offer groups"), so nothing here is shared.
 */
export class OfferGroupBoard {
  /** Per queue (queueKey), each waiting chat's group. */
  private readonly groups = new Map<string, ReadonlyMap<string, readonly string[]>>();
  /** Per agent, per queue, the chats that queue's groups show them, in turn order. */
  private readonly byAgent = new Map<string, Map<string, readonly string[]>>();
  private readonly rings = new Map<
    string,
    { readonly at: number; readonly timer: NodeJS.Timeout }
  >();

  /** `widen` decides the queue again when a ring is over; `now` is the clock rings are set by. */
  constructor(
    private readonly widen: (tenantId: string, queueId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the queue's chats are shown by groups here yet (when not, every member may be showing them). */
  has(tenantId: string, queueId: string): boolean {
    return this.groups.has(queueKey(tenantId, queueId));
  }

  /** Decides the queue's groups again, keeping what still holds; answers the agents whose chats from it changed. */
  update(tenantId: string, queueId: string, decision: Decision): string[] {
    const key = queueKey(tenantId, queueId);
    const previous = this.groups.get(key) ?? new Map<string, readonly string[]>();
    const { groups, widensAt } = offerGroups({ ...decision, previous });
    // Kept when empty: `has` says the members' screens follow the groups already.
    this.groups.set(key, groups);
    this.ring(tenantId, queueId, widensAt);
    const chats = new Map<string, string[]>();
    for (const { conversationId } of decision.waiting)
      for (const agentId of groups.get(conversationId) ?? []) {
        const list = chats.get(agentId) ?? [];
        list.push(conversationId);
        chats.set(agentId, list);
      }
    return this.assign(key, previous, chats);
  }

  /** The queue offers to everyone again, or is gone: answers the agents its groups showed chats to. */
  drop(tenantId: string, queueId: string): string[] {
    const key = queueKey(tenantId, queueId);
    const previous = this.groups.get(key);
    if (!previous) return [];
    this.groups.delete(key);
    this.ring(tenantId, queueId, null);
    return this.assign(key, previous, new Map());
  }

  /** Whether the queue's groups, as last decided, show this chat to anyone. */
  holds(tenantId: string, queueId: string, conversationId: string): boolean {
    return !!this.groups.get(queueKey(tenantId, queueId))?.has(conversationId);
  }

  /** The chats the agent's groups show them, queue by queue. */
  offersOf(agentId: string): string[] {
    return [...(this.byAgent.get(agentId)?.values() ?? [])].flat();
  }

  /** The agent's slots the groups of the agent's other queues fill. */
  shownElsewhere(agentId: string, tenantId: string, queueId: string): number {
    const key = queueKey(tenantId, queueId);
    let shown = 0;
    for (const [queue, chats] of this.byAgent.get(agentId) ?? [])
      if (queue !== key) shown += chats.length;
    return shown;
  }

  clear(): void {
    for (const { timer } of this.rings.values()) clearTimeout(timer);
    this.rings.clear();
  }

  /** `previous`: the queue's groups before, whose agents are the only ones that can lose a chat. */
  private assign(
    key: string,
    previous: ReadonlyMap<string, readonly string[]>,
    chats: ReadonlyMap<string, string[]>,
  ): string[] {
    const changed: string[] = [];
    for (const agentId of new Set([...previous.values()].flat())) {
      const queues = this.byAgent.get(agentId);
      if (!queues?.has(key) || chats.has(agentId)) continue;
      changed.push(agentId);
      queues.delete(key);
      if (queues.size === 0) this.byAgent.delete(agentId);
    }
    for (const [agentId, list] of chats) {
      const queues = this.byAgent.get(agentId) ?? new Map<string, readonly string[]>();
      const before = queues.get(key);
      if (!before || before.length !== list.length || before.some((id, i) => id !== list[i]))
        changed.push(agentId);
      queues.set(key, list);
      this.byAgent.set(agentId, queues);
    }
    return changed;
  }

  /** One timer per queue, for its next widening; none while no ring would show anyone more. */
  private ring(tenantId: string, queueId: string, at: number | null): void {
    const key = queueKey(tenantId, queueId);
    const current = this.rings.get(key);
    if (current?.at === at) return;
    if (current) clearTimeout(current.timer);
    this.rings.delete(key);
    if (at === null) return;
    const timer = setTimeout(
      () => {
        this.rings.delete(key);
        this.widen(tenantId, queueId);
      },
      Math.max(0, at - this.now()),
    );
    timer.unref();
    this.rings.set(key, { at, timer });
  }
}
