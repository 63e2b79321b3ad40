import type { OfferGroupSettings } from '@pagedesk/routing';
import type { Role, RoutingMode } from '@pagedesk/tenancy';

export const AGENT_DIRECTORY = Symbol('AGENT_DIRECTORY');

export interface DirectoryUser {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly maxChats: number;
  readonly disabled: boolean;
}

export interface DirectoryQueue {
  readonly tenantId: string;
  readonly queueId: string;
  readonly name: string;
  readonly routingMode: RoutingMode;
  /** Agent user ids; a disabled member stays listed but is never offered chats by a router that checks `findUser`. */
  readonly members: readonly string[];
  readonly offerGroup: OfferGroupSettings | null;
}

/**
 * Read port over tenants, users and queues for routing and the gateway:
 * synchronous, answered from memory, current as of the last applied event.
 * Queue ids are unique within a tenant only, so queue look-ups take both.
 */
export interface AgentDirectory {
  findUser(userId: string): DirectoryUser | undefined;
  /** Queues the agent is a member of, in its own tenant. */
  queuesOf(agentId: string): readonly DirectoryQueue[];
  /** Member user ids of a queue; empty when the queue does not exist. */
  membersOf(tenantId: string, queueId: string): readonly string[];
  /** Simultaneous chats the user may hold (default 4); 0 for an unknown or disabled user. */
  capacityOf(userId: string): number;
  queue(tenantId: string, queueId: string): DirectoryQueue | undefined;
  queuesIn(tenantId: string): readonly DirectoryQueue[];
}
