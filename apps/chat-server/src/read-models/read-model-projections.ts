import type { EventStore } from '@pagedesk/event-store';
import {
  ProjectionRunner,
  type PartStatus,
  type ReactorLogger,
  type AsyncSqlDb,
} from '@pagedesk/processing';
import { PROJECTIONS } from '@pagedesk/read-models';

/** How often a node that does not run the projections looks at the shared checkpoints when asked to settle. */
const SHARED_POLL_MS = 20;

/** Every read model the server keeps current, each with its own runner and checkpoint. */
export class ReadModelProjections {
  readonly runners: readonly ProjectionRunner[];
  private running = false;

  constructor(
    private readonly store: EventStore,
    db: AsyncSqlDb,
    logger: ReactorLogger,
  ) {
    this.runners = Object.values(PROJECTIONS).map(
      (create) => new ProjectionRunner(store, db, create(db), { logger }),
    );
  }

  start(): void {
    this.running = true;
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /** On a node that does not run them (another holds the work lease): where the shared checkpoints are. */
  standby(): Promise<PartStatus[]> {
    return Promise.all(
      this.runners.map(async (runner): Promise<PartStatus> => ({
        name: runner.name,
        kind: 'projection',
        state: 'standby',
        position: (await runner.storedPosition().catch(() => undefined)) ?? null,
        lag: null,
        lastError: null,
      })),
    );
  }

  /** Tests and orderly shutdown: everything stored so far is in every read model. */
  async settled(): Promise<void> {
    if (this.running) {
      await Promise.all(this.runners.map((r) => r.settled()));
      return;
    }
    // Another node runs them (shared read models): wait for the shared checkpoints to get here.
    const head = (await this.store.headPosition()) ?? 0;
    for (const runner of this.runners) {
      while (((await runner.storedPosition()) ?? 0) < head)
        await new Promise((resolve) => setTimeout(resolve, SHARED_POLL_MS));
    }
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
