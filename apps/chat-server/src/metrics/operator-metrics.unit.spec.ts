import { OperatorMetrics, type ThreadUsages } from './operator-metrics';
import { idleMetricSources } from './testing/idle-metric-sources';

/**
 * The per-thread series as a Node ≥ 24.6 server shows them, on CI's Node 20:
 * the sources stand in for the runtime's thread clocks (thread-usage.unit.spec.ts
 * covers reading them), so the CPU series is drawn here whatever Node runs the test.
 */
function metricsReading(usages: () => ThreadUsages): OperatorMetrics {
  return new OperatorMetrics(idleMetricSources({ threadUsages: async () => usages() }));
}

/** The sample lines of one series, e.g. `name{thread="main"} 1.5`. */
async function samples(metrics: OperatorMetrics, name: string): Promise<string[]> {
  const body = await metrics.registry.metrics();
  return body.split('\n').filter((line) => line.startsWith(`${name}{`));
}

const CPU = 'pagedesk_thread_cpu_seconds_total';
const BUSY = 'pagedesk_event_loop_busy_seconds_total';

describe('per-thread series on /metrics', () => {
  it("shows each thread's CPU where the runtime measures it, beside its busy time", async () => {
    const metrics = metricsReading(() => [
      ['main', { eventLoopBusySeconds: 3, cpuSeconds: 1.75 }],
      ['processing-worker', { eventLoopBusySeconds: 4, cpuSeconds: 2.5 }],
    ]);
    expect(await samples(metrics, CPU)).toEqual([
      `${CPU}{thread="main"} 1.75`,
      `${CPU}{thread="processing-worker"} 2.5`,
    ]);
    expect(await samples(metrics, BUSY)).toEqual([
      `${BUSY}{thread="main"} 3`,
      `${BUSY}{thread="processing-worker"} 4`,
    ]);
  });

  it('shows the totals the threads keep: a later scrape copies them, it does not add', async () => {
    let cpu = 1;
    const metrics = metricsReading(() => [['main', { eventLoopBusySeconds: 2, cpuSeconds: cpu }]]);
    await samples(metrics, CPU);
    cpu = 1.5;
    expect(await samples(metrics, CPU)).toEqual([`${CPU}{thread="main"} 1.5`]);
  });

  // Node 23.9 to 24.5: the main thread's CPU, not yet the worker's; Node 20 and 22: neither.
  it('leaves out the CPU of a thread the runtime cannot measure rather than show a 0', async () => {
    const metrics = metricsReading(() => [
      ['main', { eventLoopBusySeconds: 3, cpuSeconds: 1.75 }],
      ['processing-worker', { eventLoopBusySeconds: 4, cpuSeconds: null }],
    ]);
    expect(await samples(metrics, CPU)).toEqual([`${CPU}{thread="main"} 1.75`]);
    expect(await samples(metrics, BUSY)).toHaveLength(2);
  });
});
