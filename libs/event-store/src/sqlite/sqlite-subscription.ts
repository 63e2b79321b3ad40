import type { EventHandler, RecordedEvent, SubscribeToAllOptions, Subscription } from '../event';

const PAGE = 500;

/** One read of the log: the events, how far the log was looked at for them, and whether that is its end. */
export interface Page {
  readonly events: RecordedEvent[];
  readonly readTo: number | undefined;
  readonly end: boolean;
}
/** Another process (the CLI, a second server) may write to the same file: look now and then. */
const POLL_MS = 1_000;

/**
 * Wakes subscriptions after each commit; the counter closes the race between
 * "read" and "wait", and tells the store when the head it read may be old.
 */
export class CommitSignal {
  private count = 0;
  private waiters: (() => void)[] = [];

  get commits(): number {
    return this.count;
  }

  notify(): void {
    this.count += 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  nextCommit(seen: number, timeoutMs: number): Promise<void> {
    if (this.count !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        // A poll looks for commits no one announced (another process's): a signal too, so the head is read again.
        this.count += 1;
        resolve();
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  close(): void {
    this.notify();
  }
}

/**
 * Pull-based: it always reads the log from its own last position, so
 * catch-up and live are the same loop and no event can be skipped or
 * delivered twice, however writes and wake-ups interleave.
 */
export class SqliteSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private delivering = false;
  private wakeStop: () => void = () => undefined;

  constructor(
    private readonly readAfter: (after: number | undefined, max: number) => Page,
    private readonly commits: CommitSignal,
    private readonly handler: EventHandler,
    private readonly options: SubscribeToAllOptions,
  ) {
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  /** From inside the handler it takes effect once the handler returns (awaiting the loop there would deadlock). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStop();
    if (!this.delivering) await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let position = this.options.after;
    await Promise.resolve();
    while (!this.stopped) {
      const seen = this.commits.commits;
      const page = this.readAfter(position, PAGE);
      for (const event of page.events) {
        if (this.stopped) return;
        this.delivering = true;
        try {
          await this.handler(event);
        } finally {
          this.delivering = false;
        }
        position = event.globalPosition;
      }
      if (this.stopped) return;
      // Past events the filter left out: the subscriber may move its checkpoint there.
      if (page.readTo !== undefined && page.readTo > (position ?? 0)) {
        position = page.readTo;
        this.options.onProgress?.(position);
      }
      if (!page.end) continue;
      this.options.onCaughtUp?.(position);
      await Promise.race([
        this.commits.nextCommit(seen, POLL_MS),
        new Promise<void>((r) => (this.wakeStop = r)),
      ]);
    }
  }
}
