import { setTimeout as sleep } from 'node:timers/promises';
import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';
import { AppError, failureClass, failureReason } from '@pagedesk/shared';
import { backoffDelay } from './backoff';
import type { Checkpoints } from './checkpoint-store';
import {
  errorText,
  isRetryRequestFor,
  quarantine,
  readQuarantine,
  QUARANTINE_CATEGORY,
  QUARANTINE_RETRY_REQUESTED,
  recordRetryOutcome,
  type QuarantineTarget,
  type RetryRequest,
} from './quarantine';

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
  /**
   * Must be idempotent: after a crash the events after the checkpoint are seen again.
   * A transient failure (failureClass) is retried until it passes; a permanent one
   * quarantines the event and the reactor goes on.
   */
  readonly handle: (event: RecordedEvent) => Promise<void>;
  /** Applies one quarantined item again with the current code (default: the whole event through `handle`). */
  readonly retry?: (event: RecordedEvent, item: number | null) => Promise<void>;
  /**
   * Events in the same lane are handled one after another, in log order;
   * different lanes run side by side, up to `concurrency` events at once.
   * An event in several lanes waits for the earlier events of each and holds
   * back the later ones of each: it joins what would otherwise race.
   * Default: one lane, one at a time.
   */
  readonly laneOf?: (event: RecordedEvent) => string | readonly string[];
  readonly concurrency?: number;
  /**
   * Saves what the handler kept in memory (a read model written per batch
   * rather than per event) before the checkpoint moves past the events that
   * caused it. If it throws, the checkpoint stays where it was and the next
   * one tries again.
   */
  readonly beforeCheckpoint?: () => void;
  /**
   * The wait before the n-th retry of a transient failure (default: backoffDelay). Specs
   * that test what is retried, not how soon, pass a few milliseconds instead of waiting
   * out the production schedule.
   */
  readonly retryDelay?: (attempt: number) => number;
}

/** What /ready says of a background part. */
/** `standby`: a lease held by another node keeps it waiting (docs/postgres.md). */
export type PartState = 'running' | 'retrying' | 'stopped' | 'standby';

export interface PartError {
  readonly message: string;
  readonly reason: string;
  readonly at: string;
  readonly eventId: string | null;
}

export interface ReactorStatus {
  readonly name: string;
  readonly position: number | undefined;
  readonly caughtUp: boolean;
  readonly state: PartState;
  /** The last failure seen, transient or not (kept after recovery, for the operator). */
  readonly lastError: PartError | null;
}

const CHECKPOINT_MS = 100;
/** A fault that lasts is logged again every so many tries, not at each one. */
const LOG_EVERY_ATTEMPTS = 20;

interface Pending {
  readonly position: number;
  done: boolean;
}

/** Thrown into lanes and the subscription when stop() interrupts a retry: nothing is finished, nothing quarantined. */
class ReactorStopped extends Error {}

/**
 * Runs side effects after commit: subscribes to the global log from its
 * checkpoint. With lanes, events finish out of order, so the checkpoint only
 * moves past a position once it and everything before it are done: after a
 * crash some finished events are seen again (handlers are idempotent), but
 * none is skipped. Nothing stops it but stop(): transient failures are
 * retried with capped backoff (also a subscription that fails: it resumes
 * from the checkpoint), and an event that fails by its nature is quarantined
 * in `quarantine-<name>` so it never blocks its lane.
 */
/**
 * An operator's retry request lives in the reactor's quarantine stream, which
 * its own filter would leave out: widen each list so those requests are read
 * too (the lists are ANDed, so this reads a superset; `accepts` still decides).
 */
function withRetryRequests(filter: EventFilter): EventFilter {
  return {
    types: filter.types && [...filter.types, QUARANTINE_RETRY_REQUESTED],
    categories: filter.categories && [...filter.categories, QUARANTINE_CATEGORY],
  };
}

export class Reactor {
  private subscription: Subscription | undefined;
  private generation = 0;
  private position: number | undefined;
  private caughtUp = false;
  private started = false;
  private stopping = new AbortController();
  private retryingLanes = 0;
  private subscriptionFailures = 0;
  private lastError: PartError | null = null;
  private readonly pending: Pending[] = [];
  /**
   * How far the subscription said it had read (past events the filter left out) while events
   * were still in flight: the position moves there once they are done, instead of only at the
   * subscription's next report, which after a handler's own append may be a poll (1 s) away.
   */
  private passed: number | undefined;
  private readonly lanes = new Map<string, Promise<void>>();
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private checkpointTimer: NodeJS.Timeout | undefined;
  private readonly isRetryRequest: (event: RecordedEvent) => boolean;
  private readonly filter: EventFilter | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: Checkpoints,
    private readonly options: ReactorOptions,
    private readonly logger: ReactorLogger,
  ) {
    this.isRetryRequest = isRetryRequestFor(options.name);
    this.filter = options.filter && withRetryRequests(options.filter);
  }

  get name(): string {
    return this.options.name;
  }

  /** What it holds in memory: lanes with work queued, events not yet finished (docs/memory.md). */
  sizes(): { lanes: number; pending: number } {
    return { lanes: this.lanes.size, pending: this.pending.length };
  }

  start(): void {
    this.started = true;
    this.stopping = new AbortController();
    this.position = this.checkpoints.get(this.options.name);
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping.abort();
    this.generation += 1;
    this.wake();
    await this.subscription?.stop();
    await Promise.allSettled([...this.lanes.values()]);
    this.writeCheckpoint();
  }

  status(): ReactorStatus {
    return {
      name: this.options.name,
      position: this.position,
      caughtUp: this.caughtUp,
      state: this.state(),
      lastError: this.lastError,
    };
  }

  /** Resolves once everything stored up to now has been handled (tests, orderly shutdown); rejects if stopped first. */
  async settled(): Promise<void> {
    const head = await this.store.headPosition();
    while (this.started && head !== undefined && (this.position ?? 0) < head) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.writeCheckpoint();
    if (!this.started && head !== undefined && (this.position ?? 0) < head)
      throw new Error(`reactor ${this.options.name} is stopped`);
  }

  private state(): PartState {
    if (!this.started) return 'stopped';
    return this.retryingLanes > 0 || this.subscriptionFailures > 0 ? 'retrying' : 'running';
  }

  private subscribe(): void {
    const generation = ++this.generation;
    this.pending.length = 0;
    this.passed = undefined;
    const current = () => generation === this.generation;
    const subscription = this.store.subscribeToAll(
      (event) => (current() ? this.onEvent(event, current) : undefined),
      {
        after: this.position,
        filter: this.filter,
        onProgress: (position) => (current() ? this.passedTo(position) : undefined),
        onCaughtUp: (position) => {
          if (!current()) return;
          if (position !== undefined) this.passedTo(position);
          this.caughtUp = true;
          this.subscriptionFailures = 0;
          this.wake();
        },
      },
    );
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (current() && !this.stopping.signal.aborted) void this.resubscribe(error);
    });
  }

  /** The subscription itself failed (the store could not be read): resume from the checkpoint once the lanes are done. */
  private async resubscribe(error: unknown): Promise<void> {
    this.generation += 1;
    this.subscriptionFailures += 1;
    this.noteError(error, null);
    this.logger.warn(
      { reactor: this.options.name, err: error, attempt: this.subscriptionFailures },
      'subscription failed; resuming from the checkpoint',
    );
    await Promise.allSettled([...this.lanes.values()]);
    await this.pause(this.subscriptionFailures);
    if (!this.stopping.signal.aborted) this.subscribe();
  }

  private async onEvent(event: RecordedEvent, current: () => boolean): Promise<void> {
    if (this.stopping.signal.aborted) throw new ReactorStopped();
    this.caughtUp = false;
    const entry: Pending = { position: event.globalPosition, done: false };
    this.pending.push(entry);
    if (!this.isRetryRequest(event) && !this.options.accepts(event)) return this.finish(entry);
    const concurrency = this.options.concurrency ?? 1;
    if (concurrency <= 1) {
      await this.process(event);
      return this.finish(entry);
    }
    while (this.inFlight >= concurrency && current())
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (current()) this.runInLane(event, entry);
  }

  private runInLane(event: RecordedEvent, entry: Pending): void {
    const lanes = this.lanesOf(event);
    this.inFlight += 1;
    // Tails are only ever earlier events, taken in log order: waiting on several cannot deadlock.
    const run = Promise.all(lanes.map((lane) => this.lanes.get(lane)))
      .then(() => this.process(event))
      .then(
        () => this.finish(entry),
        // Only stop() gets here: the event stays unfinished and is seen again after the restart.
        () => undefined,
      )
      .finally(() => {
        this.inFlight -= 1;
        for (const lane of lanes) if (this.lanes.get(lane) === run) this.lanes.delete(lane);
        this.wake();
      });
    for (const lane of lanes) this.lanes.set(lane, run);
  }

  private lanesOf(event: RecordedEvent): readonly string[] {
    if (this.isRetryRequest(event)) return [(event.data as unknown as RetryRequest).lane];
    const lanes = this.options.laneOf?.(event) ?? '';
    return typeof lanes === 'string' ? [lanes] : lanes.length > 0 ? lanes : [''];
  }

  /** The lane a quarantined event is retried in: its first one (a retry is one operator's request, not a race). */
  private laneOf(event: RecordedEvent): string {
    return this.lanesOf(event)[0]!;
  }

  /** Handles one event to an end: applied, or quarantined. Throws only when stopped. */
  private async process(event: RecordedEvent): Promise<void> {
    if (this.isRetryRequest(event)) return this.retryQuarantined(event);
    try {
      await this.withRetries(event.id, () => this.options.handle(event));
    } catch (error) {
      if (error instanceof ReactorStopped) throw error;
      await this.quarantine(
        { reactor: this.name, event, item: null, lane: this.laneOf(event) },
        error,
      );
    }
  }

  private async quarantine(target: QuarantineTarget, error: unknown): Promise<void> {
    this.noteError(error, target.event.id);
    this.logger.error(
      { reactor: this.name, eventId: target.event.id, type: target.event.type, err: error },
      'event quarantined',
    );
    await this.withRetries(target.event.id, () => quarantine(this.store, target, error));
  }

  /** An operator asked to apply a quarantined item again: with today's code, and the outcome recorded beside it. */
  private async retryQuarantined(request: RecordedEvent): Promise<void> {
    const wanted = request.data as unknown as RetryRequest;
    const book = await this.withRetries(request.id, () => readQuarantine(this.store, this.name));
    if (book.get(wanted.quarantineId)?.status !== 'quarantined') return;
    let outcome: { released: true } | { released: false; error: unknown };
    try {
      const original = await this.withRetries(request.id, () => this.originalOf(wanted));
      const retry = this.options.retry ?? ((event: RecordedEvent) => this.options.handle(event));
      await this.withRetries(request.id, () => retry(original, wanted.item));
      outcome = { released: true };
    } catch (error) {
      if (error instanceof ReactorStopped) throw error;
      this.noteError(error, wanted.eventId);
      outcome = { released: false, error };
    }
    await this.withRetries(request.id, () =>
      recordRetryOutcome(this.store, this.name, request, outcome),
    );
  }

  private async originalOf(wanted: RetryRequest): Promise<RecordedEvent> {
    const after = wanted.position > 0 ? wanted.position - 1 : undefined;
    const [event] = await this.store.readAll({ after, maxCount: 1 });
    if (event?.id !== wanted.eventId)
      throw new AppError('not_found', 'the quarantined event is no longer in the log');
    return event;
  }

  /** Retries transient failures without limit (capped backoff with jitter); rethrows permanent ones. */
  private async withRetries<T>(eventId: string, work: () => Promise<T>): Promise<T> {
    let retrying = false;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work();
        } catch (error) {
          if (this.stopping.signal.aborted) throw new ReactorStopped();
          if (failureClass(error) === 'permanent') throw error;
          this.noteError(error, eventId);
          if (!retrying) this.retryingLanes += 1;
          retrying = true;
          if (attempt % LOG_EVERY_ATTEMPTS === 1)
            this.logger.warn(
              { reactor: this.name, eventId, attempt, err: error },
              'transient failure; retrying',
            );
          await this.pause(attempt);
          if (this.stopping.signal.aborted) throw new ReactorStopped();
        }
      }
    } finally {
      if (retrying) this.retryingLanes -= 1;
    }
  }

  private pause(attempt: number): Promise<void> {
    const delay = (this.options.retryDelay ?? backoffDelay)(attempt);
    return sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private noteError(error: unknown, eventId: string | null): void {
    this.lastError = {
      message: errorText(error),
      reason: failureReason(error),
      at: new Date().toISOString(),
      eventId,
    };
  }

  /** The store read past events its filter left out: once nothing before is pending, the checkpoint follows. */
  private passedTo(position: number): void {
    if (position <= (this.position ?? 0)) return;
    if (this.pending.length > 0) {
      this.passed = Math.max(this.passed ?? 0, position);
      return;
    }
    this.moveTo(position);
  }

  private finish(entry: Pending): void {
    entry.done = true;
    let advanced: number | undefined;
    while (this.pending[0]?.done) advanced = this.pending.shift()!.position;
    if (advanced === undefined) return;
    if (this.pending.length === 0 && this.passed !== undefined) {
      advanced = Math.max(advanced, this.passed);
      this.passed = undefined;
    }
    this.moveTo(advanced);
  }

  private moveTo(position: number): void {
    this.position = position;
    this.scheduleCheckpoint();
    this.wake();
  }

  /**
   * The checkpoint is written at most every CHECKPOINT_MS instead of after
   * every event (a SQLite write each): after a crash a few more already
   * handled events are seen again, which idempotent handlers absorb. The
   * same period is a batch for a handler that saves per batch (beforeCheckpoint).
   */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(() => this.writeCheckpoint(), CHECKPOINT_MS);
  }

  private writeCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    if (this.position === undefined) return;
    try {
      this.options.beforeCheckpoint?.();
    } catch (error) {
      this.noteError(error, null);
      this.logger.warn(
        { reactor: this.options.name, err: error },
        'could not save the batch; the checkpoint waits for the next try',
      );
      // Stopped, the events after the checkpoint are seen again at the next start.
      if (this.started) this.scheduleCheckpoint();
      return;
    }
    this.checkpoints.set(this.options.name, this.position);
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}
