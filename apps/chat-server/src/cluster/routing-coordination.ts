import { randomUUID } from 'node:crypto';
import { Logger, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { PartStatus } from '@pagedesk/processing';
import type { Env } from '../config/env';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';
import { PgLease, ROUTING_LEASE } from './pg-lease';
import { SharedPresence, type NodePresence } from './shared-presence';

export interface CoordinationHooks {
  readonly ownerChanged: (owner: boolean) => void;
  /** Agents connected on other live nodes (the whole set, each time it changes). */
  readonly elsewhere: (agents: ReadonlyMap<string, NodePresence>) => void;
}

/** Whether this node makes the routing decisions, and how it tells the others who is connected here. */
export interface RoutingCoordination {
  readonly owner: boolean;
  start(hooks: CoordinationHooks): Promise<void>;
  publish(agentId: string, presence: NodePresence | null): void;
  stop(): Promise<void>;
  status(): PartStatus | undefined;
}

export const ROUTING_COORDINATION = Symbol('ROUTING_COORDINATION');

/** SQLite or EventStoreDB: one node, which decides everything and has nobody to tell. */
export const SINGLE_NODE: RoutingCoordination = {
  owner: true,
  start: async () => undefined,
  publish: () => undefined,
  stop: async () => undefined,
  status: () => undefined,
};

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

export const routingCoordinationProvider: Provider = {
  provide: ROUTING_COORDINATION,
  inject: [ConfigService, PROCESS_ROLE],
  useFactory: (config: ConfigService<Env, true>, role: ProcessRole): RoutingCoordination => {
    const url = config.get('DATABASE_URL', { infer: true });
    // The processing worker routes nothing: its router never starts.
    return url && servesPeople(role) ? new ClusterCoordination(url, randomUUID()) : SINGLE_NODE;
  },
};
