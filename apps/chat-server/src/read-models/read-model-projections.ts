import type { EventStore } from '@pagedesk/event-store';
import {
  ProjectionRunner,
  type ProjectionLag,
  type ProjectionStatus,
  type ReactorLogger,
  type SqlDb,
} from '@pagedesk/processing';
import { PROJECTIONS } from '@pagedesk/read-models';

export type ProjectionHealth = ProjectionStatus & ProjectionLag;

/** Every read model the server keeps current, each with its own runner and checkpoint. */
export class ReadModelProjections {
  readonly runners: readonly ProjectionRunner[];

  constructor(store: EventStore, db: SqlDb, logger: ReactorLogger) {
    this.runners = Object.values(PROJECTIONS).map(
      (create) => new ProjectionRunner(store, db, create(db), { logger }),
    );
  }

  start(): void {
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /** Tests and orderly shutdown: everything stored so far is in every read model. */
  async settled(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.settled()));
  }

  health(): Promise<ProjectionHealth[]> {
    return Promise.all(this.runners.map(async (r) => ({ ...r.status(), ...(await r.lag()) })));
  }
}
