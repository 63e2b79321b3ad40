import type { RoutedConversation } from '@pagedesk/routing';

export type Waiting = Extract<RoutedConversation, { status: 'queued' }>;

/** What the router tells the gateways; each carries the log position it reflects. */
export interface RoutingListener {
  offered?(agentId: string, conversation: Waiting): void;
  withdrawn?(agentId: string, conversationId: string, position: number): void;
  /** An agent's status, connection or load changed. */
  agentChanged?(tenantId: string, agentId: string): void;
  /** A queue's waiting list or its agents changed. */
  queueChanged?(tenantId: string, queueId: string | null): void;
}
