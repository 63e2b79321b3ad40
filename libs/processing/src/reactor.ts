import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';
import type { CheckpointStore } from './checkpoint-store';

export interface ReactorLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ReactorOptions {
  readonly name: string;
  /** Events the reactor cares about; others only move its checkpoint. */
  readonly accepts: (event: RecordedEvent) => boolean;
  /** What the store may leave out before `accepts` sees it: nothing outside it is read or decoded. */
  readonly filter?: EventFilter;
  /** Must be idempotent: after a crash the events after the checkpoint are seen again. */
  readonly handle: (event: RecordedEvent) => Promise<void>;
  /** Retries for one event before the reactor stops (transient faults: store busy, conflicts). */
  readonly attempts?: number;
  /**
   * Events in the same lane are handled one after another, in log order;
   * different lanes run side by side, up to `concurrency` events at once.
   * Default: one lane, one at a time.
   */
  readonly laneOf?: (event: RecordedEvent) => string;
  readonly concurrency?: number;
}

export interface ReactorStatus {
  readonly name: string;
  readonly position: number | undefined;
  readonly caughtUp: boolean;
  readonly failed:
    { readonly eventId: string; readonly type: string; readonly message: string } | undefined;
}

const CHECKPOINT_MS = 100;

interface Pending {
  readonly position: number;
  done: boolean;
}

/**
 * Runs side effects after commit: subscribes to the global log from its
 * checkpoint. With lanes, events finish out of order, so the checkpoint only
 * moves past a position once it and everything before it are done: after a
 * crash some finished events are seen again (handlers are idempotent), but
 * none is skipped. A handler that keeps failing stops the reactor with the
 * event named, instead of silently moving past it.
 */
export class Reactor {
  private subscription: Subscription | undefined;
  private position: number | undefined;
  private caughtUp = false;
  private failure: ReactorStatus['failed'];
  private fatal: Error | undefined;
  private readonly pending: Pending[] = [];
  private readonly lanes = new Map<string, Promise<void>>();
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: ReactorOptions,
    private readonly logger: ReactorLogger,
  ) {}

  start(): void {
    this.position = this.checkpoints.get(this.options.name);
    this.subscription = this.store.subscribeToAll((event) => this.onEvent(event), {
      after: this.position,
      filter: this.options.filter,
      onProgress: (position) => this.passedTo(position),
      onCaughtUp: (position) => {
        if (position !== undefined) this.passedTo(position);
        this.caughtUp = true;
        this.wake();
      },
    });
    this.subscription.done.catch((error: unknown) => {
      this.logger.error(
        { reactor: this.options.name, err: error, ...this.failure },
        'reactor stopped',
      );
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await Promise.allSettled([...this.lanes.values()]);
    this.writeCheckpoint();
  }

  status(): ReactorStatus {
    return {
      name: this.options.name,
      position: this.position,
      caughtUp: this.caughtUp,
      failed: this.failure,
    };
  }

  /** Resolves once everything stored up to now has been handled (tests, orderly shutdown). */
  async settled(): Promise<void> {
    const head = await this.store.headPosition();
    while (!this.fatal && head !== undefined && (this.position ?? 0) < head) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.writeCheckpoint();
    if (this.fatal) throw this.fatal;
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    if (this.fatal) throw this.fatal;
    this.caughtUp = false;
    const entry: Pending = { position: event.globalPosition, done: false };
    this.pending.push(entry);
    if (!this.options.accepts(event)) return this.finish(entry);
    const concurrency = this.options.concurrency ?? 1;
    if (concurrency <= 1) {
      await this.handleWithRetries(event).catch((error: Error) => this.fail(error));
      return this.finish(entry);
    }
    while (this.inFlight >= concurrency)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.runInLane(event, entry);
  }

  private runInLane(event: RecordedEvent, entry: Pending): void {
    const lane = this.options.laneOf?.(event) ?? '';
    this.inFlight += 1;
    const run = (this.lanes.get(lane) ?? Promise.resolve())
      .then(() => this.handleWithRetries(event))
      .then(
        () => this.finish(entry),
        (error: Error) => {
          this.fatal = error;
          this.logger.error(
            { reactor: this.options.name, err: error, ...this.failure },
            'reactor failed',
          );
        },
      )
      .finally(() => {
        this.inFlight -= 1;
        if (this.lanes.get(lane) === run) this.lanes.delete(lane);
        this.wake();
      });
    this.lanes.set(lane, run);
  }

  /** The store read past events its filter left out: once nothing before is pending, the checkpoint follows. */
  private passedTo(position: number): void {
    if (this.pending.length > 0 || position <= (this.position ?? 0)) return;
    this.position = position;
    this.scheduleCheckpoint();
    this.wake();
  }

  private finish(entry: Pending): void {
    entry.done = true;
    let advanced: number | undefined;
    while (this.pending[0]?.done) advanced = this.pending.shift()!.position;
    if (advanced === undefined) return;
    this.position = advanced;
    this.scheduleCheckpoint();
    this.wake();
  }

  /**
   * The checkpoint is written at most every CHECKPOINT_MS instead of after
   * every event (a SQLite write each): after a crash a few more already
   * handled events are seen again, which idempotent handlers absorb.
   */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(() => this.writeCheckpoint(), CHECKPOINT_MS);
  }

  private writeCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    if (this.position !== undefined) this.checkpoints.set(this.options.name, this.position);
  }

  private async handleWithRetries(event: RecordedEvent): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.handle(event);
      } catch (error) {
        if (attempt >= attempts) {
          this.failure = { eventId: event.id, type: event.type, message: (error as Error).message };
          throw new Error(
            `${this.options.name} failed on event ${event.id} (${event.type}): ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
        this.logger.warn(
          { reactor: this.options.name, eventId: event.id, attempt, err: error },
          'retrying event',
        );
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  }

  /** Ends the subscription with the error; settled() callers hear it too. */
  private fail(error: Error): never {
    this.fatal = error;
    this.writeCheckpoint();
    this.wake();
    throw error;
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}
