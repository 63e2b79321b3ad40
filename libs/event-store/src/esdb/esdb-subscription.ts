import {
  excludeSystemEvents,
  START,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { EventHandler, SubscribeToAllOptions, Subscription } from '../event';
import { isConnectionFailure, toStoreError, type ErrorContext } from './esdb-errors';
import { isSystemEvent, toClientPosition, toNumber, toRecordedEvent } from './esdb-mapping';

export interface SubscriptionDeps {
  readonly client: EventStoreDBClient;
  readonly errorContext: ErrorContext;
  /**
   * Newest non-system position: what "caught up" means at the moment of (re)subscribing.
   * Rejects with the client's own errors so that connection failures can be told apart.
   */
  readonly headPosition: () => Promise<number | undefined>;
}

const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2_000;

class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A catch-up subscription to $all that survives dropped connections: it resubscribes from
 * the last event it handed to the handler, so nothing is skipped or delivered twice.
 *
 * Caught-up detection compares with the head position read when (re)subscribing, not the
 * client's `caughtUp` event: only newer servers send one, and the client emits it while
 * transforming, ahead of events still buffered for us, so it cannot say which delivered
 * event completed the catch-up.
 */
export class EsdbSubscription implements Subscription {
  readonly done: Promise<void>;
  private last: Position | undefined;
  private current: AllStreamSubscription | undefined;
  private stopped = false;
  private handling = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly deps: SubscriptionDeps,
    private readonly handler: EventHandler,
    private readonly options: SubscribeToAllOptions,
  ) {
    this.last = options.after === undefined ? undefined : toClientPosition(options.after);
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.cancelCurrent();
    // A handler that stops its own subscription must not wait for itself.
    if (!this.handling) await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let delay = FIRST_RETRY_MS;
    while (!this.stopped) {
      try {
        if (await this.followOnce()) delay = FIRST_RETRY_MS;
      } catch (error) {
        if (error instanceof HandlerFailure) throw error.error;
        if (this.stopped) return;
        if (!isConnectionFailure(error)) throw toStoreError(error, this.deps.errorContext);
      }
      if (this.stopped) return;
      await this.pause(delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  /** One subscription from the last delivered position until it ends; true when it got confirmed. */
  private async followOnce(): Promise<boolean> {
    const head = await this.deps.headPosition();
    if (this.stopped) return false;
    const subscription = this.deps.client.subscribeToAll({
      fromPosition: this.last ?? START,
      filter: excludeSystemEvents(),
    });
    this.current = subscription;
    let confirmed = false;
    let caughtUp =
      head === undefined || (this.last !== undefined && this.last.commit >= BigInt(head));
    subscription.once('confirmation', () => {
      confirmed = true;
      if (caughtUp) this.notifyCaughtUp();
    });
    try {
      for await (const resolved of subscription) {
        const event = resolved.event;
        if (!event) continue;
        if (!isSystemEvent(event)) await this.deliver(toRecordedEvent(event));
        this.last = event.position;
        if (!caughtUp && head !== undefined && event.position.commit >= BigInt(head)) {
          caughtUp = true;
          this.notifyCaughtUp();
        }
        if (this.stopped) break;
      }
    } finally {
      this.current = undefined;
    }
    return confirmed;
  }

  private async deliver(event: Parameters<EventHandler>[0]): Promise<void> {
    this.handling = true;
    try {
      await this.handler(event);
    } catch (error) {
      this.stopped = true;
      await this.cancelCurrent();
      throw new HandlerFailure(error);
    } finally {
      this.handling = false;
    }
  }

  private notifyCaughtUp(): void {
    this.options.onCaughtUp?.(
      this.last === undefined ? undefined : toNumber(this.last.commit, 'commit position'),
    );
  }

  private async cancelCurrent(): Promise<void> {
    const subscription = this.current;
    if (!subscription) return;
    await subscription.unsubscribe();
    subscription.destroy();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
