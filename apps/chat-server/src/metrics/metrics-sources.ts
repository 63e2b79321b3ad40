import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, SqliteEventStore, type EventStore } from '@pagedesk/event-store';
import { CheckpointStore, lagAfter } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { OutboxIndex } from '../outbound/outbox/outbox-index';
import { BackgroundWork } from '../processing/background-work';
import { OTHER_THREAD_PARTS, type OtherThreadParts } from '../processing/processing.module';
import { QuarantineView } from '../quarantine/quarantine-view';
import { READ_MODEL_DB } from '../read-models/read-model-db.module';
import type {
  FollowerLag,
  MetricSources,
  ProjectionFigures,
  ThreadUsages,
} from './operator-metrics';
import { SocketCounts, type SOCKET_NAMESPACES } from './socket-counts.gateway';
import { currentThreadUsage } from './thread-usage';

const PROJECTION_CHECKPOINT = 'projection:';

/**
 * Reads what the gauges show from where it is kept whichever thread does the
 * processing: reactors' checkpoints from the read-model database, projections
 * and the quarantine from the same sources as /ready, the outbox from its index.
 */
@Injectable()
export class ServerMetricSources implements MetricSources {
  private readonly outbox: OutboxIndex;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly work: BackgroundWork,
    @Inject(OTHER_THREAD_PARTS) private readonly otherThread: OtherThreadParts,
    private readonly quarantine: QuarantineView,
    @Inject(READ_MODEL_DB) db: Database.Database,
    private readonly sockets: SocketCounts,
  ) {
    this.outbox = new OutboxIndex(db);
  }

  async reactorLags(): Promise<FollowerLag[]> {
    const reactors = this.checkpoints
      .all()
      .filter((c) => !c.name.startsWith(PROJECTION_CHECKPOINT));
    const now = Date.now();
    return Promise.all(
      reactors.map(async (c) => ({
        name: c.name,
        ...(await lagAfter(this.store, c.position, now)),
      })),
    );
  }

  /** The projections' lines of /ready, from whichever thread runs them. */
  async projections(): Promise<ProjectionFigures[]> {
    const parts = [...(await this.work.statuses()), ...(await this.otherThread.parts())];
    return parts
      .filter((p) => p.kind === 'projection')
      .map((p) => ({
        name: p.name,
        eventsBehind: p.lag?.events ?? 0,
        msBehind: p.lag?.ms ?? 0,
        failed: p.state === 'stopped',
      }));
  }

  quarantined(): number {
    return this.quarantine.total();
  }

  outboxDepth(): number {
    return this.outbox.pending();
  }

  /** The processing worker's heap, or null inline or while it starts or does not answer. */
  workerHeapUsed(): Promise<number | null> {
    return this.otherThread.heapUsed().catch(() => null);
  }

  /** This thread's, then the processing worker's unless there is none or it has stopped. */
  async threadUsages(): Promise<ThreadUsages> {
    const worker = await this.otherThread.threadUsage().catch(() => null);
    const main = ['main', currentThreadUsage()] as const;
    return worker ? [main, ['processing-worker', worker]] : [main];
  }

  sqliteWalBytes(): number | null {
    return this.store instanceof SqliteEventStore ? this.store.walBytes() : null;
  }

  socketsConnected(namespace: (typeof SOCKET_NAMESPACES)[number]): number {
    return this.sockets.connected(namespace);
  }
}
