import { Logger } from '@nestjs/common';
import type { PartStatus } from '@pagedesk/processing';
import type { Lease } from './lease';
import type { CoordinationHooks, RoutingCoordination } from './routing-coordination';
import { SharedPresence, type NodePresence } from './shared-presence';

/** On PostgreSQL: the routing lease and the shared presence (docs/postgres.md, "Several nodes"). */
export class ClusterCoordination implements RoutingCoordination {
  private readonly logger = new Logger('Cluster');
  private readonly presence: SharedPresence;

  constructor(
    url: string,
    nodeId: string,
    private readonly lease: Lease,
  ) {
    this.presence = new SharedPresence(url, nodeId, {
      elsewhere: (agents) => this.hooks?.elsewhere(agents),
      trouble: (error) => this.logger.warn({ err: error }, 'presence not shared; retrying'),
    });
  }

  readonly shared = true;
  private hooks: CoordinationHooks | undefined;
  private stopped = false;

  get owner(): boolean {
    return this.lease.held;
  }

  async start(hooks: CoordinationHooks): Promise<void> {
    this.hooks = hooks;
    // Presence first (it retries by itself): an owner that has not read it yet would take the
    // agents of other nodes for gone and start their grace periods from zero.
    void this.presence.start().then(() => {
      if (this.stopped) return;
      this.lease.start({
        changed: (owner) => {
          this.logger.log(
            owner ? `routing lease taken (token ${this.lease.token})` : 'routing lease lost',
          );
          hooks.ownerChanged(owner);
        },
        trouble: (error) => this.logger.warn({ err: error }, 'routing lease connection failed'),
      });
    });
  }

  publish(agentId: string, presence: NodePresence | null): void {
    this.presence.publish(agentId, presence);
  }
  awaySince(agentId: string): number | undefined {
    return this.presence.awaySince(agentId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
