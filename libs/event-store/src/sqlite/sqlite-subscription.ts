import type { EventHandler, RecordedEvent, SubscribeToAllOptions, Subscription } from '../event';
import { deliverPage } from '../page-delivery';

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
  private readonly state = { stopped: false, delivering: false };
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
    this.state.stopped = true;
    this.wakeStop();
    if (!this.state.delivering) await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let position = this.options.after;
    await Promise.resolve();
    while (!this.state.stopped) {
      const seen = this.commits.commits;
      const page = this.readAfter(position, PAGE);
      const reached = await deliverPage(page, position, this.handler, this.options, this.state);
      if (reached === 'stopped') return;
      position = reached.position;
      // A stop while the page was handed over must not wait out the poll below.
      if (!page.end || this.state.stopped) continue;
      await Promise.race([
        this.commits.nextCommit(seen, POLL_MS),
        new Promise<void>((r) => (this.wakeStop = r)),
      ]);
    }
  }
}
