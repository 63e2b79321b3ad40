import type { EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';
import { failureClass } from '@pagedesk/shared';
import { backoffDelay } from './backoff';
import { CheckpointStore } from './checkpoint-store';
import { LAG_COUNT_LIMIT, lagAfter, type ProjectionLag } from './log-lag';
import type { Projection } from './projection';
import { ProjectionFailedError } from './projection-failed-error';
import type { ReactorLogger } from './reactor';
import type { SqlDb } from './sql-db';

export interface ProjectionRunnerOptions {
  /** Events applied per transaction: one commit per batch is what makes replay fast. */
  readonly batchSize?: number;
  readonly logger?: ReactorLogger;
  readonly clock?: () => number;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number | undefined;
  readonly caughtUp: boolean;
  readonly failed:
    { readonly eventId: string; readonly type: string; readonly message: string } | undefined;
  /** Set while a transient failure is being waited out: the runner resumes by itself. */
  readonly retrying: { readonly message: string; readonly attempt: number } | undefined;
}

export interface CatchUpProgress {
  readonly position: number;
  readonly applied: number;
}

const DEFAULT_BATCH = 1_000;

type BatchOutcome = 'applied' | 'checkpoint_moved';

/**
 * Keeps one projection up to date: follows the global log from its own
 * checkpoint and writes each batch of read-model changes and the new
 * checkpoint in one transaction, so a crash anywhere replays exactly the
 * events whose changes were rolled back. The transaction also checks that the
 * stored checkpoint is still the one this runner started the batch from: if
 * another process (the CLI's replay, a second server) moved it, the batch is
 * dropped and the runner resumes from the stored checkpoint instead.
 */
export class ProjectionRunner {
  private readonly checkpoints: CheckpointStore;
  private readonly batchSize: number;
  private readonly clock: () => number;
  private subscription: Subscription | undefined;
  /** Events from a subscription this runner has since replaced are ignored. */
  private generation = 0;
  private position: number | undefined;
  private buffer: RecordedEvent[] = [];
  private flushScheduled = false;
  private caughtUp = false;
  private failure: ProjectionStatus['failed'];
  /** Transient failures in a row (the store or the read-model database away): the runner follows again after a pause. */
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryingSince: ProjectionStatus['retrying'];
  private idle: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDb,
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.checkpoints = new CheckpointStore(db);
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.clock = options.clock ?? Date.now;
  }

  get name(): string {
    return this.projection.name;
  }

  private get checkpointName(): string {
    return `projection:${this.projection.name}`;
  }

  /** The position of the last event in the read model, from the database (another process may have moved it). */
  storedPosition(): number | undefined {
    return this.checkpoints.get(this.checkpointName);
  }

  start(): void {
    this.db.transaction(() => this.projection.createSchema());
    this.follow();
  }

  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.generation += 1;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  status(): ProjectionStatus {
    return {
      name: this.name,
      position: this.position,
      caughtUp: this.caughtUp,
      failed: this.failure,
      retrying: this.retryingSince,
    };
  }

  async lag(): Promise<ProjectionLag> {
    const after = this.subscription ? this.position : this.storedPosition();
    return lagAfter(this.store, after, this.clock(), LAG_COUNT_LIMIT, this.projection.filter);
  }

  /** Resolves once everything stored up to now is in the read model; rejects if the projection failed. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.failure) throw new Error(this.failure.message);
      const head = await this.store.headPosition();
      if (head === undefined || (this.position ?? 0) >= head) return;
      await new Promise<void>((resolve, reject) => this.idle.push({ resolve, reject }));
    }
  }

  /** Drops and recreates the tables and forgets the checkpoint, in one transaction. */
  reset(): void {
    this.db.transaction(() => {
      this.projection.dropSchema();
      this.projection.createSchema();
      this.checkpoints.reset(this.checkpointName);
    });
    if (this.subscription) this.follow();
  }

  /**
   * Applies what is stored after the checkpoint, page by page, without
   * subscribing (the CLI, the benchmark, verify). Stops at `until` if given.
   */
  async catchUp(
    options: { until?: number; onProgress?: (progress: CatchUpProgress) => void } = {},
  ): Promise<CatchUpProgress> {
    this.db.transaction(() => this.projection.createSchema());
    let position = this.storedPosition();
    let applied = 0;
    const end = options.until ?? (await this.store.headPosition());
    for (;;) {
      const page = await this.store.readAll({
        after: position,
        maxCount: this.batchSize,
        filter: this.projection.filter,
      });
      const events =
        options.until === undefined ? page : page.filter((e) => e.globalPosition <= options.until!);
      if (events.length > 0) {
        if (this.applyBatch(events, position) === 'checkpoint_moved') {
          throw new Error(`projection ${this.name}: another process moved its checkpoint`);
        }
        position = events[events.length - 1]!.globalPosition;
        applied += events.length;
        options.onProgress?.({ position, applied });
      }
      if (events.length < this.batchSize) {
        // Past the events the filter left out, up to where the read stopped.
        if (end !== undefined && end > (position ?? 0)) {
          if (!this.moveCheckpoint(position, end))
            throw new Error(`projection ${this.name}: another process moved its checkpoint`);
          position = end;
        }
        return { position: position ?? 0, applied };
      }
    }
  }

  private follow(): void {
    void this.subscription?.stop();
    const generation = ++this.generation;
    this.buffer = [];
    this.caughtUp = false;
    this.failure = undefined;
    this.position = this.storedPosition();
    const current = () => generation === this.generation;
    const subscription = this.store.subscribeToAll(
      (event) => {
        if (current()) this.receive(event);
      },
      {
        after: this.position,
        filter: this.projection.filter,
        onProgress: (position) => {
          if (current()) this.guarded(() => this.passedTo(position));
        },
        onCaughtUp: (position) => {
          if (current()) this.guarded(() => this.onCaughtUp(position));
        },
      },
    );
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (current()) this.fail(error);
    });
  }

  private receive(event: RecordedEvent): void {
    this.caughtUp = false;
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) this.flush();
    else this.scheduleFlush();
  }

  /** Live events arrive one at a time (and EventStoreDB says "caught up" only once): flush when the burst ends. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const generation = this.generation;
    setImmediate(() => {
      this.flushScheduled = false;
      if (generation === this.generation) this.guarded(() => this.flush());
    });
  }

  private onCaughtUp(position: number | undefined): void {
    const generation = this.generation;
    this.flush();
    if (generation !== this.generation) return;
    if (position !== undefined) this.passedTo(position);
    if (this.buffer.length > 0 || !this.subscription || generation !== this.generation) return;
    this.caughtUp = true;
    this.failures = 0;
    this.retryingSince = undefined;
    const waiting = this.idle;
    this.idle = [];
    for (const waiter of waiting) waiter.resolve();
  }

  private flush(): void {
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
    if (this.applyBatch(batch, this.position) === 'checkpoint_moved') {
      this.options.logger?.warn(
        { projection: this.name },
        'checkpoint moved by another process: resuming from it',
      );
      this.follow();
      return;
    }
    this.position = batch[batch.length - 1]!.globalPosition;
  }

  /** The store read past events the filter left out: the checkpoint follows once the batch before is written. */
  private passedTo(position: number): void {
    if (this.buffer.length > 0 || position <= (this.position ?? 0)) return;
    if (!this.moveCheckpoint(this.position, position)) {
      this.options.logger?.warn(
        { projection: this.name },
        'checkpoint moved by another process: resuming from it',
      );
      this.follow();
      return;
    }
    this.position = position;
  }

  private moveCheckpoint(from: number | undefined, to: number): boolean {
    return this.db.transaction(() => {
      if (this.checkpoints.get(this.checkpointName) !== from) return false;
      this.checkpoints.set(this.checkpointName, to);
      return true;
    });
  }

  private applyBatch(events: readonly RecordedEvent[], from: number | undefined): BatchOutcome {
    return this.db.transaction(() => {
      if (this.checkpoints.get(this.checkpointName) !== from) return 'checkpoint_moved';
      for (const event of events) {
        try {
          this.projection.apply(event);
        } catch (error) {
          throw new ProjectionFailedError(
            this.name,
            event.id,
            event.type,
            event.globalPosition,
            error,
          );
        }
      }
      this.checkpoints.set(this.checkpointName, events[events.length - 1]!.globalPosition);
      return 'applied';
    });
  }

  /** Follows again from the stored checkpoint after a pause: the batch that failed was rolled back. */
  private retry(message: string): void {
    this.failures += 1;
    this.retryingSince = { message, attempt: this.failures };
    this.options.logger?.warn(
      { projection: this.name, attempt: this.failures, message },
      'projection retrying',
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.subscription) this.follow();
    }, backoffDelay(this.failures));
  }

  /** Outside the subscription's handler an error cannot end the subscription by itself: stop it here. */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.fail(error);
      this.generation += 1;
      void this.subscription?.stop();
    }
  }

  private fail(error: unknown): void {
    const message = (error as Error)?.message ?? String(error);
    const cause = error instanceof ProjectionFailedError ? error.cause : error;
    if (failureClass(cause) === 'transient' && this.subscription) return this.retry(message);
    this.failure =
      error instanceof ProjectionFailedError
        ? { eventId: error.eventId, type: error.eventType, message }
        : { eventId: '', type: '', message };
    this.options.logger?.error({ projection: this.name, err: error }, 'projection stopped');
    const waiting = this.idle;
    this.idle = [];
    for (const waiter of waiting) waiter.reject(new Error(message));
  }
}
