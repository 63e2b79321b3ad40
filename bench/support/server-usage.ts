/**
 * What a server under benchmark reports of its own CPU and threads on /metrics
 * (docs/metrics.md): a benchmark takes two scrapes and divides the difference by
 * the messages between them, instead of reading the operating system's
 * per-process files, which exist on Linux only.
 */
import { METRIC_NAMES as N } from '../../apps/chat-server/src/metrics/metric-names';

/** The server's METRICS_TOKEN for a benchmark: /metrics does not exist without one. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** Seconds since the server's start-up; undefined where the server has no such figure. */
export interface ServerUsage {
  /** CPU of the whole process, every thread (process_cpu_seconds_total). */
  readonly processCpu: number;
  /** Event-loop busy time: wall time spent not waiting for events, not CPU. */
  readonly mainBusy: number;
  readonly workerBusy: number | undefined;
  /** Each thread's own CPU, where the server's runtime measures it (Node 23.9+ / 24.6+). */
  readonly mainCpu: number | undefined;
  readonly workerCpu: number | undefined;
}

/** The value of one sample line, e.g. `name{thread="main"}`. */
const sample = (body: string, series: string): number | undefined => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const thread = (name: string, label: string) => `${name}{thread="${label}"}`;

export async function serverUsage(url: string): Promise<ServerUsage> {
  const response = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
  });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const body = await response.text();
  const processCpu = sample(body, N.processCpu);
  const mainBusy = sample(body, thread(N.eventLoopBusy, 'main'));
  if (processCpu === undefined || mainBusy === undefined)
    throw new Error(
      `/metrics has no ${N.processCpu} or ${N.eventLoopBusy}: a release before them?`,
    );
  return {
    processCpu,
    mainBusy,
    workerBusy: sample(body, thread(N.eventLoopBusy, 'processing-worker')),
    mainCpu: sample(body, thread(N.threadCpu, 'main')),
    workerCpu: sample(body, thread(N.threadCpu, 'processing-worker')),
  };
}

/**
 * Milliseconds per message of each figure between two readings, named so that
 * CPU and busy time cannot be confused; figures the server does not have are left out.
 */
export function perMessage(
  before: ServerUsage,
  after: ServerUsage,
  messages: number,
): Record<string, number> {
  const figures: Record<string, number> = {};
  const put = (name: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined)
      figures[name] = Math.round(((to - from) * 1e6) / messages) / 1000;
  };
  put('process CPU per message, all threads (ms)', before.processCpu, after.processCpu);
  put('main thread CPU per message (ms)', before.mainCpu, after.mainCpu);
  put('processing worker CPU per message (ms)', before.workerCpu, after.workerCpu);
  put('main thread event-loop busy per message (ms, not CPU)', before.mainBusy, after.mainBusy);
  put(
    'processing worker event-loop busy per message (ms, not CPU)',
    before.workerBusy,
    after.workerBusy,
  );
  return figures;
}
