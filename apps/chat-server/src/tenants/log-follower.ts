import { Logger } from '@nestjs/common';
import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';
import { backoffDelay, errorText, type PartError, type PartStatus } from '@pagedesk/processing';
import { failureReason } from '@pagedesk/shared';

/**
 * Keeps an in-memory view current: folds its events at start (the view is
 * rebuilt, never stored), then follows them live. Only the events the filter
 * names are read (from the store's index, never the whole log); progress past
 * the others still moves the position. Writers wait for their own append's
 * position, so a request sees what it just changed. A subscription that fails
 * after start is reported (status) and resumed after what was already
 * applied, so those waiting (the inbound reactor) are woken, not left waiting
 * for good.
 */
export class LogFollower {
  private readonly logger = new Logger('LogFollower');
  private subscription: Subscription | undefined;
  private position = -1;
  private waiting: { position: number; wake: () => void }[] = [];
  private started = false;
  private stopped = false;
  private failures = 0;
  private lastError: PartError | null = null;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly filter: EventFilter,
    private readonly accepts: (event: RecordedEvent) => boolean,
    private readonly apply: (event: RecordedEvent) => void,
    private readonly name = 'follower',
  ) {}

  /** Resolves once everything stored at start has been applied. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.subscribe(resolve, reject));
  }

  /** Resolves once the view includes the event at `position` (an append's globalPosition). */
  async waitFor(position: number | undefined): Promise<void> {
    while (position !== undefined && this.position < position) {
      // A store may say how far it has read past left-out events only now and then: ask it directly.
      const [next] = await this.store.readAll({
        after: Math.max(0, this.position),
        maxCount: 1,
        filter: this.filter,
      });
      // Nothing this view folds lies between: it already is what it would be at `position`.
      if (next === undefined || next.globalPosition > position) return this.advance(position);
      await this.reached(next.globalPosition);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
  }

  status(): PartStatus {
    return {
      name: this.name,
      kind: 'follower',
      state: !this.started || this.stopped ? 'stopped' : this.failures > 0 ? 'retrying' : 'running',
      position: this.position < 0 ? null : this.position,
      lag: null,
      lastError: this.lastError,
    };
  }

  private subscribe(resolve?: () => void, reject?: (error: Error) => void): void {
    const subscription = this.store.subscribeToAll(
      (event) => {
        if (this.accepts(event)) this.applySafely(event);
        this.advance(event.globalPosition);
      },
      {
        after: this.position < 0 ? undefined : this.position,
        filter: this.filter,
        onProgress: (position) => this.advance(position),
        onCaughtUp: (head) => {
          if (head !== undefined) this.advance(head);
          this.failures = 0;
          if (!this.started) {
            this.started = true;
            resolve?.();
          }
        },
      },
    );
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.stopped) return;
      if (!this.started) return reject?.(error as Error);
      this.failures += 1;
      this.lastError = this.errorOf(error, null);
      this.logger.warn(
        { follower: this.name, err: error, attempt: this.failures },
        'follower failed; resuming',
      );
      this.retryTimer = setTimeout(() => {
        if (!this.stopped) this.subscribe();
      }, backoffDelay(this.failures));
    });
  }

  /** A view that cannot fold one event still serves the rest: the event is logged and reported, not retried forever. */
  private applySafely(event: RecordedEvent): void {
    try {
      this.apply(event);
    } catch (error) {
      this.lastError = this.errorOf(error, event.id);
      this.logger.error(
        { follower: this.name, eventId: event.id, err: error },
        'event not applied',
      );
    }
  }

  private errorOf(error: unknown, eventId: string | null): PartError {
    return {
      message: errorText(error),
      reason: failureReason(error),
      at: new Date().toISOString(),
      eventId,
    };
  }

  /**
   * The subscription may have applied the event while the store was being
   * asked (a PostgreSQL read is a round trip): a waiter registered after that
   * would wait for good, as advance() only wakes on the way up.
   */
  private reached(position: number): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((wake) => this.waiting.push({ position, wake }));
  }

  private advance(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    const ready = this.waiting.filter((w) => w.position <= position);
    this.waiting = this.waiting.filter((w) => w.position > position);
    for (const w of ready) w.wake();
  }
}
