import type { EventHandler, SubscribeToAllOptions, Subscription } from '../event';
import { deliverPage } from '../page-delivery';
import type { CommitSignal, Page } from '../sqlite/sqlite-subscription';

const PAGE = 500;
/** The fallback when a notification is lost (the listening connection dropped): look now and then. */
const POLL_MS = 1_000;
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2_000;

export interface SubscriptionDeps {
  /** `readTo`: how far the log was read (past left-out events when filtered); `end`: nothing more now. */
  readonly readAfter: (after: number | undefined, max: number) => Promise<Page>;
  readonly commits: CommitSignal;
  /** Logged, then retried: the database is away for a while. */
  readonly onReadError: (error: unknown) => void;
}

/**
 * Pull-based like the SQLite one: it always reads the log after its own last
 * position, so catch-up and live are the same loop. The store hands out
 * positions one committing transaction at a time, so whatever a read
 * returns is a gapless prefix of what will ever be committed: reading past
 * the last delivered position can neither skip nor repeat an event. A read
 * that fails (the database restarts) is retried from the same position.
 */
export class PostgresSubscription implements Subscription {
  readonly done: Promise<void>;
  private readonly state = { stopped: false, delivering: false };
  private wakeStop: () => void = () => undefined;

  constructor(
    private readonly deps: SubscriptionDeps,
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
    let retryMs = FIRST_RETRY_MS;
    while (!this.state.stopped) {
      const seen = this.deps.commits.commits;
      let page: Page;
      try {
        page = await this.deps.readAfter(position, PAGE);
        retryMs = FIRST_RETRY_MS;
      } catch (error) {
        if (this.state.stopped) return;
        this.deps.onReadError(error);
        await this.pause(retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        continue;
      }
      const reached = await deliverPage(page, position, this.handler, this.options, this.state);
      if (reached === 'stopped') return;
      position = reached.position;
      // A stop while the page was handed over must not wait out the poll below.
      if (!page.end || this.state.stopped) continue;
      await Promise.race([
        this.deps.commits.nextCommit(seen, POLL_MS),
        new Promise<void>((r) => (this.wakeStop = r)),
      ]);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeStop = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
