import type { RoutedConversation } from '@pagedesk/routing';

export type Waiting = Extract<RoutedConversation, { status: 'queued' }>;

/** What the router tells the gateways; each carries the log position it reflects. */
export interface RoutingListener {
  offered?(agentId: string, conversation: Waiting): void;
  withdrawn?(agentId: string, conversationId: string, position: number): void;
  /** An agent's status, connection or load changed. */
  agentChanged?(tenantId: string, agentId: string): void;
  /**
   * How many customers wait in the queues of these agents changed, to the same count (told even
   * when they cannot take one; at most once per agent and turn, as of its end).
   */
  waitingChanged?(
    tenantId: string,
    agentIds: readonly string[],
    waiting: number,
    position: number,
  ): void;
  /** A queue's waiting list or its agents changed. */
  queueChanged?(tenantId: string, queueId: string | null): void;
}
