import type { MetricSources } from '../operator-metrics';

/** Metric sources of a server with nothing running, for specs that vary one of them. */
export function idleMetricSources(overrides: Partial<MetricSources> = {}): MetricSources {
  return {
    reactorLags: async () => [],
    projections: async () => [],
    quarantined: () => 0,
    outboxDepth: () => 0,
    socketsConnected: () => 0,
    workerHeapUsed: async () => null,
    sqliteWalBytes: () => null,
    threadUsages: async () => [],
    ...overrides,
  };
}
