/** What routing needs to know about agents and queues; the app passes its tenant directory. */
export type RoutingMode = 'offer' | 'auto';

export interface RoutingQueue {
  readonly queueId: string;
  readonly routingMode: RoutingMode;
  readonly members: readonly string[];
  /** Offer mode only: each waiting chat goes to a bounded group of agents (offer-groups.ts); null: to all. */
  readonly offerGroup?: OfferGroupSettings | null;
}

export interface OfferGroupSettings {
  readonly size: number;
  readonly ringMs: number;
}

/** The queue's offer groups, or null where every member with room is offered its chats (or it assigns). */
export const offerGroupOf = (queue: RoutingQueue | undefined): OfferGroupSettings | null =>
  queue?.routingMode === 'offer' ? (queue.offerGroup ?? null) : null;

export interface RoutingDirectory {
  /** Simultaneous chats the agent may hold; 0 for an unknown or disabled agent. */
  capacityOf(agentId: string): number;
  queuesOf(agentId: string): readonly RoutingQueue[];
  queue(tenantId: string, queueId: string): RoutingQueue | undefined;
}
