import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { failureReasonLabel } from './failure-reason';
import { METRIC_NAMES as N } from './metric-names';
import { SOCKET_NAMESPACES } from './socket-counts.gateway';
import type { ThreadUsage } from './thread-usage';

export interface FollowerLag {
  readonly name: string;
  readonly eventsBehind: number;
  readonly msBehind: number;
}

/** A read model's lag and whether it stopped, as /ready reports it. */
export interface ProjectionFigures extends FollowerLag {
  readonly failed: boolean;
}

/** Each thread's usage by its `thread` label: `main` (the one serving /metrics), `processing-worker`. */
export type ThreadUsages = readonly (readonly [thread: string, usage: ThreadUsage])[];

/** Where the gauges read their values at scrape time. */
export interface MetricSources {
  reactorLags(): Promise<FollowerLag[]>;
  projections(): Promise<ProjectionFigures[]>;
  /** Updates set aside in the reactors' dead-letter streams, waiting for an admin's retry. */
  quarantined(): number;
  outboxDepth(): number;
  socketsConnected(namespace: (typeof SOCKET_NAMESPACES)[number]): number;
  /** The processing worker thread's V8 heap in use, in bytes; null when there is none to ask. */
  workerHeapUsed(): Promise<number | null>;
  /** The SQLite event store's WAL file, in bytes; null on another store. */
  sqliteWalBytes(): number | null;
  threadUsages(): Promise<ThreadUsages>;
}

/** One reading shared by the gauges collected in the same scrape: reused while it is still under way. */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const reading = read();
      pending = reading;
      const done = () => {
        if (pending === reading) pending = undefined;
      };
      reading.then(done, done);
    }
    return pending;
  };
}

/** Webhook acknowledgements are expected in milliseconds; the tail buckets show a stalled disk. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * One registry per server (tests run several in a process): counters and a
 * histogram the server feeds, and gauges collected from their sources on
 * each scrape, so nothing is polled between scrapes.
 */
export class OperatorMetrics {
  readonly registry = new Registry();
  private readonly webhookRequests: Counter<'status'>;
  private readonly webhookAck: Histogram<'status'>;
  private readonly outboxFailures: Counter<'reason' | 'permanent'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.webhookRequests = new Counter({
      name: N.webhookRequests,
      help: 'Messenger webhook deliveries received, by HTTP status answered',
      labelNames: ['status'],
      registers,
    });
    this.webhookAck = new Histogram({
      name: N.webhookAckSeconds,
      help: 'Time from receiving a webhook delivery to answering it (200 = durably stored)',
      labelNames: ['status'],
      buckets: ACK_BUCKETS,
      registers,
    });
    this.outboxFailures = new Counter({
      name: N.outboxFailures,
      help: 'Send API attempts that failed since this process started, by reason',
      labelNames: ['reason', 'permanent'],
      registers,
    });
    this.lagGauges(sources);
    this.stateGauges(sources);
    this.threadCounters(sources);
  }

  webhookAnswered(status: number, seconds: number): void {
    this.webhookRequests.inc({ status: String(status) });
    this.webhookAck.observe({ status: String(status) }, seconds);
  }

  outboxFailed(reason: string, permanent: boolean): void {
    this.outboxFailures.inc({ reason: failureReasonLabel(reason), permanent: String(permanent) });
  }

  /**
   * Each gauge collects for itself (the registry collects them concurrently),
   * from one reading of the source per scrape.
   */
  private lagGauges(sources: MetricSources): void {
    const reactors = perScrape(() => sources.reactorLags());
    const projections = perScrape(() => sources.projections());
    this.labelledGauge(
      N.reactorLagEvents,
      'reactor',
      'Events in the log after the reactor checkpoint (counted up to 10,000)',
      async () => (await reactors()).map((lag) => [lag.name, lag.eventsBehind]),
    );
    this.labelledGauge(
      N.reactorLagSeconds,
      'reactor',
      'Age of the oldest event the reactor has not handled yet',
      async () => (await reactors()).map((lag) => [lag.name, lag.msBehind / 1000]),
    );
    this.labelledGauge(
      N.projectionLagEvents,
      'projection',
      'Events in the log the read model has not applied (counted up to 10,000)',
      async () => (await projections()).map((p) => [p.name, p.eventsBehind]),
    );
    this.labelledGauge(
      N.projectionLagSeconds,
      'projection',
      'Age of the oldest event the read model has not applied',
      async () => (await projections()).map((p) => [p.name, p.msBehind / 1000]),
    );
    this.labelledGauge(
      N.projectionFailed,
      'projection',
      '1 when the projection stopped on an event it could not apply',
      async () => (await projections()).map((p) => [p.name, p.failed ? 1 : 0]),
    );
  }

  private labelledGauge(
    name: string,
    label: string,
    help: string,
    values: () => Promise<[string, number][]>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      async collect() {
        const read = await values();
        this.reset();
        for (const [key, value] of read) this.set({ [label]: key }, value);
      },
    });
  }

  private stateGauges(sources: MetricSources): void {
    const registers = [this.registry];
    new Gauge({
      name: N.quarantined,
      help: 'Events set aside because they could not be applied, waiting to be replayed',
      registers,
      collect() {
        this.set(sources.quarantined());
      },
    });
    new Gauge({
      name: N.outboxDepth,
      help: 'Agent and automatic messages recorded but not yet delivered or finally failed',
      registers,
      collect() {
        this.set(sources.outboxDepth());
      },
    });
    new Gauge({
      name: N.socketsConnected,
      help: 'Connected socket.io clients, by namespace',
      labelNames: ['namespace'],
      registers,
      collect() {
        for (const namespace of SOCKET_NAMESPACES)
          this.set({ namespace }, sources.socketsConnected(namespace));
      },
    });
    new Gauge({
      name: N.workerHeapUsed,
      help: 'V8 heap in use in the processing worker thread (nodejs_heap_size_used_bytes is the main thread)',
      registers,
      async collect() {
        const bytes = await sources.workerHeapUsed();
        // No sample rather than a 0 when there is no worker (inline) or it does not answer.
        if (bytes === null) this.remove({});
        else this.set(bytes);
      },
    });
    new Gauge({
      name: N.sqliteWalBytes,
      help: 'Size of the SQLite event store WAL file: the checkpoints keep it near 4 MB, the acknowledging thread past 32 MiB',
      registers,
      collect() {
        const bytes = sources.sqliteWalBytes();
        if (bytes === null) this.remove({});
        else this.set(bytes);
      },
    });
  }

  /** Per-thread totals, from one reading per scrape; process_cpu_seconds_total (a default) is all threads together. */
  private threadCounters(sources: MetricSources): void {
    const usages = perScrape(() => sources.threadUsages());
    this.threadCounter(
      N.eventLoopBusy,
      "Time each thread's event loop spent not waiting for events (JavaScript, callbacks, synchronous I/O)",
      usages,
      (usage) => usage.eventLoopBusySeconds,
    );
    this.threadCounter(
      N.threadCpu,
      "CPU time used by each thread, where the runtime measures one thread's (Node 23.9+; the worker's from 24.6)",
      usages,
      (usage) => usage.cpuSeconds,
    );
  }

  private threadCounter(
    name: string,
    help: string,
    usages: () => Promise<ThreadUsages>,
    value: (usage: ThreadUsage) => number | null,
  ): void {
    new Counter({
      name,
      help,
      labelNames: ['thread'],
      registers: [this.registry],
      async collect() {
        const read = await usages();
        // The threads keep the totals themselves: each scrape copies them rather than adding to them.
        this.reset();
        for (const [thread, usage] of read) {
          const seconds = value(usage);
          if (seconds !== null) this.inc({ thread }, seconds);
        }
      },
    });
  }
}
