import { randomUUID } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { PartStatus } from '@pagedesk/processing';
import type { Env } from '../config/env';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';
import type { NodePresence } from './shared-presence';

export interface CoordinationHooks {
  readonly ownerChanged: (owner: boolean) => void;
  /** Agents connected on other live nodes (the whole set, each time it changes). */
  readonly elsewhere: (agents: ReadonlyMap<string, NodePresence>) => void;
}

/** Whether this node makes the routing decisions, and how it tells the others who is connected here. */
export interface RoutingCoordination {
  readonly owner: boolean;
  /** Other nodes decide on the same agents: capacity is claimed on the agent's slot stream (routing/agent-slots.ts). */
  readonly shared: boolean;
  start(hooks: CoordinationHooks): Promise<void>;
  publish(agentId: string, presence: NodePresence | null): void;
  /** Since when (epoch ms) an agent has been connected on no node, as far as the cluster knows; undefined: unknown. */
  awaySince(agentId: string): number | undefined;
  stop(): Promise<void>;
  status(): PartStatus | undefined;
}

export const ROUTING_COORDINATION = Symbol('ROUTING_COORDINATION');

/** SQLite or EventStoreDB: one node, which decides everything and has nobody to tell. */
export const SINGLE_NODE: RoutingCoordination = {
  owner: true,
  shared: false,
  start: async () => undefined,
  publish: () => undefined,
  // Nobody else saw the disconnect: the router's own moment is the only one.
  awaySince: () => undefined,
  stop: async () => undefined,
  status: () => undefined,
};

export const routingCoordinationProvider: Provider = {
  provide: ROUTING_COORDINATION,
  inject: [ConfigService, PROCESS_ROLE],
  useFactory: async (
    config: ConfigService<Env, true>,
    role: ProcessRole,
  ): Promise<RoutingCoordination> => {
    const url = config.get('DATABASE_URL', { infer: true });
    // The processing worker routes nothing: its router never starts.
    if (!url || !servesPeople(role)) return SINGLE_NODE;
    // Required only here: a node on SQLite never loads the pg client (start-up, in each thread).
    const [{ ClusterCoordination }, { makeLease }, { ROUTING_LEASE }] = await Promise.all([
      import('./cluster-coordination'),
      import('./lease-factory'),
      import('./lease'),
    ]);
    return new ClusterCoordination(url, randomUUID(), makeLease(config, url, ROUTING_LEASE));
  },
};
