import { Logger } from '@nestjs/common';
import type { PartStatus } from '@pagedesk/processing';
import { PgLease, ROUTING_LEASE } from './pg-lease';
import type { CoordinationHooks, RoutingCoordination } from './routing-coordination';
import { SharedPresence, type NodePresence } from './shared-presence';

/** On PostgreSQL: the routing lease and the shared presence (docs/postgres.md, "Several nodes"). */
export class ClusterCoordination implements RoutingCoordination {
  private readonly logger = new Logger('Cluster');
  private readonly lease: PgLease;
  private readonly presence: SharedPresence;

  constructor(url: string, nodeId: string) {
    this.lease = new PgLease(url, ROUTING_LEASE);
    this.presence = new SharedPresence(url, nodeId, {
      elsewhere: (agents) => this.hooks?.elsewhere(agents),
      trouble: (error) => this.logger.warn({ err: error }, 'presence not shared; retrying'),
    });
  }

  private hooks: CoordinationHooks | undefined;

  get owner(): boolean {
    return this.lease.held;
  }

  async start(hooks: CoordinationHooks): Promise<void> {
    this.hooks = hooks;
    this.lease.start({
      changed: (owner) => {
        this.logger.log(owner ? 'routing lease taken' : 'routing lease lost');
        hooks.ownerChanged(owner);
      },
      trouble: (error) => this.logger.warn({ err: error }, 'routing lease connection failed'),
    });
    // Retries by itself; meanwhile the owner routes the agents connected to it.
    void this.presence.start();
  }

  publish(agentId: string, presence: NodePresence | null): void {
    this.presence.publish(agentId, presence);
  }

  async stop(): Promise<void> {
    await this.lease.stop();
    await this.presence.stop();
  }

  status(): PartStatus {
    return {
      name: 'routing-lease',
      kind: 'lease',
      state: this.lease.held ? 'running' : 'standby',
      position: null,
      lag: null,
      lastError: null,
    };
  }
}
