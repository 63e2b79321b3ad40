import {
  eventTypeFilter,
  excludeSystemEvents,
  START,
  streamNameFilter,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { EventFilter, EventHandler, SubscribeToAllOptions, Subscription } from '../event';
import { matchesFilter } from '../validation';
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
  /** Head read when (re)subscribing, and whether delivery has reached it. */
  private head: number | undefined;
  private caughtUp = false;
  private afterDelivery: (() => void)[] = [];

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
    this.head = head;
    const filter = this.options.filter;
    const subscription: AllStreamSubscription = this.deps.client.subscribeToAll({
      fromPosition: this.last ?? START,
      filter: serverFilter(filter, (position) => this.passedTo(subscription, position)),
    });
    this.current = subscription;
    let confirmed = false;
    this.caughtUp =
      head === undefined || (this.last !== undefined && this.last.commit >= BigInt(head));
    subscription.once('confirmation', () => {
      confirmed = true;
      if (this.caughtUp) this.notifyCaughtUp();
    });
    // Filtered, the last event before the head may be one the server left out: its word that it caught up counts.
    if (filter && head !== undefined)
      subscription.once('caughtUp', () => void this.passedTo(subscription, toClientPosition(head)));
    try {
      for await (const resolved of subscription) {
        const event = resolved.event;
        if (!event) continue;
        if (!isSystemEvent(event)) {
          const recorded = toRecordedEvent(event);
          if (matchesFilter(filter, recorded)) await this.deliver(recorded);
        }
        this.last = event.position;
        this.checkCaughtUp(event.position.commit);
        this.wakeAfterDelivery();
        if (this.stopped) break;
      }
    } finally {
      this.current = undefined;
      this.wakeAfterDelivery();
    }
    return confirmed;
  }

  /**
   * The server has read up to `position`, past events the filter left out.
   * Its word arrives ahead of events it sent before and the client still
   * buffers, so it counts only once those are delivered.
   */
  private async passedTo(subscription: AllStreamSubscription, position: Position): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.current === subscription && (subscription.readableLength > 0 || this.handling))
      await new Promise<void>((resolve) => this.afterDelivery.push(resolve));
    if (this.current !== subscription || this.stopped) return;
    if (this.last !== undefined && this.last.commit >= position.commit) return;
    this.last = position;
    this.options.onProgress?.(toNumber(position.commit, 'commit position'));
    this.checkCaughtUp(position.commit);
  }

  private checkCaughtUp(commit: bigint): void {
    if (this.caughtUp || this.head === undefined || commit < BigInt(this.head)) return;
    this.caughtUp = true;
    this.notifyCaughtUp();
  }

  private wakeAfterDelivery(): void {
    const waiting = this.afterDelivery;
    this.afterDelivery = [];
    for (const wake of waiting) wake();
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

/**
 * EventStoreDB filters on one thing per subscription: the types when given
 * (an exact-match expression), else the categories (stream name prefixes);
 * with both, the categories are checked here. Every filter leaves out
 * EventStoreDB's own `$` events, and asks for a checkpoint at each search window.
 */
function serverFilter(
  filter: EventFilter | undefined,
  checkpointReached: (position: Position) => Promise<void>,
) {
  if (!filter) return excludeSystemEvents();
  const progress = {
    checkpointInterval: 1,
    checkpointReached: (_: unknown, p: Position) => checkpointReached(p),
  };
  if (filter.types)
    return eventTypeFilter({
      regex: `^(?:${filter.types.map(escapeRegex).join('|')})$`,
      ...progress,
    });
  return streamNameFilter({ prefixes: filter.categories!.map((c) => `${c}-`), ...progress });
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
