import type { EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';
import { failureClass } from '@pagedesk/shared';
import type { AsyncSqlDb } from './async-sql-db';
import { backoffDelay } from './backoff';
import { LAG_COUNT_LIMIT, lagAfter, type ProjectionLag } from './log-lag';
import type { Projection } from './projection';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { prepareReadModels } from './prepare-read-models';
import { ProjectionFailedError } from './projection-failed-error';
import type { ReactorLogger } from './reactor';

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
 * events whose changes were rolled back. The transaction's first statement
 * moves the stored checkpoint from the one this runner started the batch
 * from, only if it is still there: if another process (the CLI's replay, a
 * second node) moved it, the batch is dropped and the runner resumes from
 * the stored checkpoint instead. On PostgreSQL that UPDATE holds the row
 * until commit, so two runners never both apply one batch (the fence).
 * Everything that touches the database runs one step at a time, in order.
 */
export class ProjectionRunner {
  private readonly checkpoints: ProjectionCheckpoints;
  private readonly batchSize: number;
  private readonly clock: () => number;
  private subscription: Subscription | undefined;
  /** Between start() and stop(): a transient failure is retried only then. */
  private running = false;
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
  /** The checkpoints' table, created once before the first read (lag may be asked before start). */
  private checkpointTable: Promise<void> | undefined;
  /** The steps that touch the database, one after the other. */
  private steps: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly db: AsyncSqlDb,
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.checkpoints = new ProjectionCheckpoints(db);
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.clock = options.clock ?? Date.now;
  }

  get name(): string {
    return this.projection.name;
  }

  private get checkpointName(): string {
    return this.projection.name;
  }

  /** The position of the last event in the read model, from the database (another process may have moved it). */
  async storedPosition(): Promise<number | undefined> {
    this.checkpointTable ??= prepareReadModels(this.db, []).catch((error: unknown) => {
      this.checkpointTable = undefined;
      throw error;
    });
    await this.checkpointTable;
    return this.checkpoints.get(this.checkpointName);
  }

  start(): void {
    this.running = true;
    const generation = this.generation;
    void this.step(generation, async () => {
      await this.createSchema();
      await this.follow();
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.generation += 1;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await this.steps;
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
    const after = this.subscription ? this.position : await this.storedPosition();
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
  async reset(): Promise<void> {
    await this.db.transaction(async () => {
      await this.projection.dropSchema();
      await this.projection.createSchema();
      await this.checkpoints.createSchema();
      await this.checkpoints.ensure(this.checkpointName);
      await this.checkpoints.reset(this.checkpointName);
    });
    if (this.subscription) await this.follow();
  }

  /**
   * Applies what is stored after the checkpoint, page by page, without
   * subscribing (the CLI, the benchmark, verify). Stops at `until` if given.
   */
  async catchUp(
    options: { until?: number; onProgress?: (progress: CatchUpProgress) => void } = {},
  ): Promise<CatchUpProgress> {
    await this.createSchema();
    let position = await this.storedPosition();
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
        if ((await this.applyBatch(events, position)) === 'checkpoint_moved') {
          throw new Error(`projection ${this.name}: another process moved its checkpoint`);
        }
        position = events[events.length - 1]!.globalPosition;
        applied += events.length;
        options.onProgress?.({ position, applied });
      }
      if (events.length < this.batchSize) {
        // Past the events the filter left out, up to where the read stopped.
        if (end !== undefined && end > (position ?? 0)) {
          if (!(await this.moveCheckpoint(position, end)))
            throw new Error(`projection ${this.name}: another process moved its checkpoint`);
          position = end;
        }
        return { position: position ?? 0, applied };
      }
    }
  }

  private createSchema(): Promise<void> {
    return prepareReadModels(this.db, [this.projection]);
  }

  /** Subscribes again from the stored checkpoint; events of the subscription it replaces are dropped. */
  private async follow(): Promise<void> {
    void this.subscription?.stop();
    this.subscription = undefined;
    const generation = ++this.generation;
    this.buffer = [];
    this.caughtUp = false;
    this.failure = undefined;
    const position = await this.storedPosition();
    if (generation !== this.generation || !this.running) return;
    this.position = position;
    const current = () => generation === this.generation;
    const subscription = this.store.subscribeToAll(
      (event) => (current() ? this.receive(generation, event) : undefined),
      {
        after: this.position,
        filter: this.projection.filter,
        onProgress: (position) => this.step(generation, () => this.passedTo(position)),
        onCaughtUp: (position) => this.step(generation, () => this.onCaughtUp(position)),
      },
    );
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (current()) this.fail(error);
    });
  }

  /** A full batch is written before the subscription hands over more (it waits for the promise). */
  private receive(generation: number, event: RecordedEvent): Promise<void> | undefined {
    this.caughtUp = false;
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) return this.step(generation, () => this.flush());
    this.scheduleFlush();
    return undefined;
  }

  /** Live events arrive one at a time (and EventStoreDB says "caught up" only once): flush when the burst ends. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const generation = this.generation;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.step(generation, () => this.flush());
    });
  }

  private async onCaughtUp(position: number | undefined): Promise<void> {
    const generation = this.generation;
    await this.flush();
    if (generation !== this.generation) return;
    if (position !== undefined) await this.passedTo(position);
    if (this.buffer.length > 0 || !this.subscription || generation !== this.generation) return;
    this.caughtUp = true;
    this.failures = 0;
    this.retryingSince = undefined;
    const waiting = this.idle;
    this.idle = [];
    for (const waiter of waiting) waiter.resolve();
  }

  private async flush(): Promise<void> {
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
    if ((await this.applyBatch(batch, this.position)) === 'checkpoint_moved') {
      this.options.logger?.warn(
        { projection: this.name },
        'checkpoint moved by another process: resuming from it',
      );
      await this.follow();
      return;
    }
    this.position = batch[batch.length - 1]!.globalPosition;
  }

  /** The store read past events the filter left out: the checkpoint follows once the batch before is written. */
  private async passedTo(position: number): Promise<void> {
    if (this.buffer.length > 0 || position <= (this.position ?? 0)) return;
    if (!(await this.moveCheckpoint(this.position, position))) {
      this.options.logger?.warn(
        { projection: this.name },
        'checkpoint moved by another process: resuming from it',
      );
      await this.follow();
      return;
    }
    this.position = position;
  }

  private moveCheckpoint(from: number | undefined, to: number): Promise<boolean> {
    return this.db.transaction(() => this.checkpoints.move(this.checkpointName, from, to));
  }

  private applyBatch(
    events: readonly RecordedEvent[],
    from: number | undefined,
  ): Promise<BatchOutcome> {
    const to = events[events.length - 1]!.globalPosition;
    return this.db.transaction(async () => {
      // First, so that on PostgreSQL the row is locked before anything is applied.
      if (!(await this.checkpoints.move(this.checkpointName, from, to))) return 'checkpoint_moved';
      for (const event of events) {
        try {
          await this.projection.apply(event);
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
      if (!this.running) return;
      const generation = this.generation;
      void this.step(generation, async () => {
        await this.createSchema();
        await this.follow();
      });
    }, backoffDelay(this.failures));
  }

  /**
   * Runs a step after the ones before, unless the subscription it belongs to
   * was replaced meanwhile. A step that throws stops the subscription here:
   * outside the subscription's handler an error cannot end it by itself.
   */
  private step(generation: number, work: () => Promise<void>): Promise<void> {
    const next = this.steps.then(async () => {
      if (generation !== this.generation) return;
      try {
        await work();
      } catch (error) {
        this.fail(error);
        this.generation += 1;
        void this.subscription?.stop();
      }
    });
    this.steps = next;
    return next;
  }

  private fail(error: unknown): void {
    const message = (error as Error)?.message ?? String(error);
    const cause = error instanceof ProjectionFailedError ? error.cause : error;
    if (failureClass(cause) === 'transient' && this.running) return this.retry(message);
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
