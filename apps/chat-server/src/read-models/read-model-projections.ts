import type { EventStore } from '@pagedesk/event-store';
import {
  ProjectionRunner,
  type PartStatus,
  type ReactorLogger,
  type AsyncSqlDb,
} from '@pagedesk/processing';
import { PROJECTIONS } from '@pagedesk/read-models';

/** Every read model the server keeps current, each with its own runner and checkpoint. */
export class ReadModelProjections {
  readonly runners: readonly ProjectionRunner[];

  constructor(store: EventStore, db: AsyncSqlDb, logger: ReactorLogger) {
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

  /** /ready's lines: a projection that failed by its nature is stopped (it never skips an event); one waiting out a fault is retrying. */
  health(): Promise<PartStatus[]> {
    return Promise.all(
      this.runners.map(async (runner): Promise<PartStatus> => {
        const { name, position, failed, retrying } = runner.status();
        const lag = await runner.lag();
        const problem = failed ?? retrying;
        return {
          name,
          kind: 'projection',
          state: failed ? 'stopped' : retrying ? 'retrying' : 'running',
          position: position ?? null,
          lag: { events: lag.eventsBehind, atLeast: lag.atLeast, ms: lag.msBehind },
          lastError: problem
            ? {
                message: problem.message,
                reason: 'internal',
                at: new Date().toISOString(),
                eventId: failed?.eventId ?? null,
              }
            : null,
        };
      }),
    );
  }
}
