import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';

/**
 * Keeps an in-memory view current: folds its events at start (the view is
 * rebuilt, never stored), then follows them live. Only the events the filter
 * names are read (from the store's index, never the whole log); progress past
 * the others still moves the position. Writers wait for their own append's
 * position, so a request sees what it just changed.
 */
export class LogFollower {
  private subscription: Subscription | undefined;
  private position = -1;
  private waiting: { position: number; wake: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly filter: EventFilter,
    private readonly accepts: (event: RecordedEvent) => boolean,
    private readonly apply: (event: RecordedEvent) => void,
  ) {}

  /** Resolves once everything stored at start has been applied. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      this.subscription = this.store.subscribeToAll(
        (event) => {
          if (this.accepts(event)) this.apply(event);
          this.advance(event.globalPosition);
        },
        {
          filter: this.filter,
          onProgress: (position) => this.advance(position),
          onCaughtUp: (head) => {
            if (head !== undefined) this.advance(head);
            if (!started) {
              started = true;
              resolve();
            }
          },
        },
      );
      this.subscription.done.catch((error: unknown) => {
        if (!started) reject(error as Error);
      });
    });
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
      await new Promise<void>((wake) => this.waiting.push({ position: next.globalPosition, wake }));
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  private advance(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    const ready = this.waiting.filter((w) => w.position <= position);
    this.waiting = this.waiting.filter((w) => w.position > position);
    for (const w of ready) w.wake();
  }
}
