import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { CheckpointStore, lagAfter } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { OutboxIndex } from '../outbound/outbox/outbox-index';
import { PROJECTIONS_HEALTH, type ProjectionsHealth } from '../processing/processing.module';
import type { ProjectionHealth } from '../read-models/read-model-projections';
import { READ_MODEL_DB } from '../read-models/read-model-db.module';
import type { FollowerLag, MetricSources } from './operator-metrics';
import { SocketCounts, type SOCKET_NAMESPACES } from './socket-counts.gateway';

const PROJECTION_CHECKPOINT = 'projection:';

/**
 * Reads what the gauges show from where it is kept whichever thread does the
 * processing: reactors' checkpoints from the read-model database, projections
 * from the same health source as /ready, the outbox from its index.
 */
@Injectable()
export class ServerMetricSources implements MetricSources {
  private readonly outbox: OutboxIndex;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    @Inject(PROJECTIONS_HEALTH) private readonly projectionsHealth: ProjectionsHealth,
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

  projections(): Promise<ProjectionHealth[]> {
    return this.projectionsHealth.health();
  }

  /** Nothing is quarantined yet: a stopped reactor or projection shows as failed instead. */
  quarantined(): number {
    return 0;
  }

  outboxDepth(): number {
    return this.outbox.pending();
  }

  socketsConnected(namespace: (typeof SOCKET_NAMESPACES)[number]): number {
    return this.sockets.connected(namespace);
  }
}
