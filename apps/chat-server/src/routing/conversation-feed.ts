import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { conversationEventCodec, type ConversationEvent } from '@pagedesk/conversation';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@pagedesk/event-store';
import { backoffDelay, errorText, type PartError, type PartStatus } from '@pagedesk/processing';
import { RoutingBook, type RoutingBookSnapshot, type RoutingChange } from '@pagedesk/routing';
import { failureReason } from '@pagedesk/shared';
import type { Env } from '../config/env';
import { conversationIdOf } from '../outbound/conversation-state';
import { BackgroundWork } from '../processing/background-work';
import { RoutingSnapshotFile, type SnapshotPart } from './routing-snapshot';

export interface FeedItem {
  readonly conversationId: string;
  readonly event: ConversationEvent;
  readonly recorded: RecordedEvent;
  /** Set when the event moved the conversation between queues and agents. */
  readonly change: RoutingChange | undefined;
  /** True while the log is being folded at start: state only, nothing is pushed or routed. */
  readonly replay: boolean;
}

export type FeedListener = (item: FeedItem) => void;

/** Told of a live event before the book folds it: the book still shows the state before it. */
export type FeedCheck = (
  conversationId: string,
  event: ConversationEvent,
  position: number,
) => void;

/** Reads a view needs before it folds an event (the read models are asynchronous); awaited first. */
export type FeedPreparer = (item: FeedItem) => Promise<void> | undefined;

const isConversationStream = (event: RecordedEvent) => event.streamName.startsWith('conversation-');

const BOOK = 'routingBook';

/**
 * The one subscription to the log that the routing, the agent gateway and the
 * supervisors' live view share: every conversation event after it committed,
 * in log order, folded into the routing book first and then handed to each
 * listener synchronously, so they all see the same state at the same position.
 * The book and the parts kept beside it are saved every so many events and at
 * shutdown; a start restores the latest save and folds only what came after
 * it (a missing or foreign save means a fold of every conversation event).
 */
@Injectable()
export class ConversationFeed implements OnModuleDestroy {
  readonly book = new RoutingBook();
  private readonly logger = new Logger(ConversationFeed.name);
  private readonly folders: FeedListener[] = [];
  private readonly listeners: FeedListener[] = [];
  private readonly preparers: FeedPreparer[] = [];
  private readonly checks: FeedCheck[] = [];
  private subscription: Subscription | undefined;
  private replaying = true;
  private head = 0;
  private started = false;
  private stopped = false;
  private failures = 0;
  private lastError: PartError | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly parts: SnapshotPart[] = [];
  private readonly snapshots: RoutingSnapshotFile;
  private readonly snapshotEvery: number;
  private sinceSnapshot = 0;
  private firstEventId: string | undefined;
  private readonly load = settleable();
  private loadError: Error | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly work: BackgroundWork,
    config: ConfigService<Env, true>,
  ) {
    this.snapshots = new RoutingSnapshotFile(
      join(config.get('DATA_DIR', { infer: true }), 'routing-snapshot.json'),
    );
    this.snapshotEvery = config.get('ROUTING_SNAPSHOT_EVENTS', { infer: true });
  }

  /** The position every listener has seen: pushes at or below it are already reflected in state. */
  get position(): number {
    return this.head;
  }

  /** Called with each live event before the book folds it (the router settles what it left for the turn's end). */
  beforeApply(check: FeedCheck): void {
    this.checks.push(check);
  }

  /** Views kept beside the book (e.g. chat summaries): updated before any listener reacts. */
  fold(folder: FeedListener): void {
    this.folders.push(folder);
  }

  /**
   * Reads to finish before the views fold the event: the subscription waits
   * for them, so events still reach everyone in log order.
   */
  prepare(preparer: FeedPreparer): void {
    this.preparers.push(preparer);
  }

  /** Reactions (routing, pushes): called after every view has the event. */
  listen(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  /** A view folded beside the book that is saved and restored with it; register before start. */
  keep(part: SnapshotPart): void {
    this.parts.push(part);
  }

  /** Resolves once the log stored at start is folded; live events follow. */
  async start(): Promise<void> {
    // Only a thread that serves people runs the feed: only there is it on /ready.
    this.work.watch(() => this.status());
    try {
      const [first] = await this.store.readAll({ maxCount: 1 });
      this.firstEventId = first?.id;
      const after = this.restore();
      await new Promise<void>((resolve, reject) => this.subscribe(after, resolve, reject));
      this.load.resolve();
    } catch (error) {
      this.loadError = error as Error;
      this.load.reject(error as Error);
      throw error;
    }
  }

  /**
   * Settles when the routing state is loaded (restored and caught up with
   * the log): sockets and live figures wait for it, webhooks do not.
   */
  loaded(): Promise<void> {
    return this.load.promise;
  }

  /** For /ready: loading, loaded, or why loading failed. */
  loadState(): { readonly loaded: boolean; readonly error?: string } {
    return this.loadError
      ? { loaded: false, error: this.loadError.message }
      : { loaded: !this.replaying };
  }

  /** Writes the current state; between two events, so every part reflects the same position. */
  saveSnapshot(): void {
    if (this.firstEventId === undefined) return;
    this.sinceSnapshot = 0;
    try {
      this.snapshots.save({
        position: this.head,
        firstEventId: this.firstEventId,
        parts: Object.fromEntries([
          [BOOK, this.book.snapshot()],
          ...this.parts.map((p) => [p.snapshotName, p.snapshot()]),
        ]),
      });
    } catch (error) {
      // Only start-up time is lost: the next start folds from an older save, or from the start.
      this.logger.warn({ err: error }, 'routing snapshot not written');
    }
  }

  /** The position to fold from: the saved one when a save of this log is found whole. */
  private restore(): number | undefined {
    const saved = this.snapshots.load(this.firstEventId);
    if (!saved) return undefined;
    const names = [BOOK, ...this.parts.map((p) => p.snapshotName)];
    if (!names.every((name) => name in saved.parts)) return undefined;
    this.book.restore(saved.parts[BOOK] as RoutingBookSnapshot);
    for (const part of this.parts) part.restore(saved.parts[part.snapshotName]);
    this.head = saved.position;
    this.logger.log({ position: saved.position }, 'routing state restored from its snapshot');
    return saved.position;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (!this.subscription) return;
    await this.subscription.stop();
    this.saveSnapshot();
  }

  status(): PartStatus {
    return {
      name: 'routing-feed',
      kind: 'routing-feed',
      state: !this.started || this.stopped ? 'stopped' : this.failures > 0 ? 'retrying' : 'running',
      position: this.head,
      lag: null,
      lastError: this.lastError,
    };
  }

  /** After a failure the feed resumes after the last event every listener saw: nothing twice, nothing missed. */
  private subscribe(
    from: number | undefined,
    resolve: () => void,
    reject: (error: Error) => void,
  ): void {
    const subscription = this.store.subscribeToAll((event) => this.onEvent(event), {
      after: this.started ? this.head : from,
      // Routing reads conversation streams only: never the inbox bodies or the directory.
      filter: { categories: ['conversation'] },
      onProgress: (position) => {
        if (position > this.head) this.head = position;
      },
      onCaughtUp: (head) => {
        if (head !== undefined && head > this.head) this.head = head;
        this.failures = 0;
        if (!this.replaying) return;
        this.replaying = false;
        this.started = true;
        // A long fold at start is not repeated at the next one.
        if (this.sinceSnapshot > 0) this.saveSnapshot();
        resolve();
      },
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.stopped) return;
      if (this.replaying) return reject(error as Error);
      this.failures += 1;
      this.lastError = {
        message: errorText(error),
        reason: failureReason(error),
        at: new Date().toISOString(),
        eventId: null,
      };
      this.logger.warn(
        { err: error, attempt: this.failures },
        'conversation feed failed; resuming',
      );
      this.retryTimer = setTimeout(() => {
        if (!this.stopped) this.subscribe(this.head, resolve, reject);
      }, backoffDelay(this.failures));
    });
  }

  private onEvent(recorded: RecordedEvent): Promise<void> | undefined {
    if (!isConversationStream(recorded)) {
      this.head = recorded.globalPosition;
      return undefined;
    }
    let event: ConversationEvent;
    try {
      event = conversationEventCodec.decode(recorded);
    } catch (error) {
      // A newer deployment's event: routing cannot judge it, and must not stop for everyone else.
      this.logger.error({ err: error, eventId: recorded.id, type: recorded.type }, 'event skipped');
      this.head = recorded.globalPosition;
      return undefined;
    }
    const conversationId = conversationIdOf(recorded.streamName);
    const reads = this.preparers.flatMap((prepare) => {
      const read = prepare({
        conversationId,
        event,
        recorded,
        change: undefined,
        replay: this.replaying,
      });
      return read ? [read] : [];
    });
    if (reads.length === 0) {
      this.dispatch(conversationId, event, recorded);
      return undefined;
    }
    return Promise.all(reads).then(
      () => this.dispatch(conversationId, event, recorded),
      (error: unknown) => {
        this.logger.warn({ err: error, eventId: recorded.id }, 'feed read failed');
        this.dispatch(conversationId, event, recorded);
      },
    );
  }

  private dispatch(
    conversationId: string,
    event: ConversationEvent,
    recorded: RecordedEvent,
  ): void {
    if (!this.replaying)
      for (const check of this.checks) {
        try {
          check(conversationId, event, recorded.globalPosition);
        } catch (error) {
          this.logger.error({ err: error, eventId: recorded.id }, 'feed check failed');
        }
      }
    this.head = recorded.globalPosition;
    const change = this.book.apply(conversationId, event, recorded.globalPosition);
    const item: FeedItem = { conversationId, event, recorded, change, replay: this.replaying };
    for (const listener of [...this.folders, ...this.listeners]) {
      try {
        listener(item);
      } catch (error) {
        this.logger.error({ err: error, eventId: recorded.id }, 'feed listener failed');
      }
    }
    if (++this.sinceSnapshot >= this.snapshotEvery) this.saveSnapshot();
  }
}

function settleable() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting when loading fails; /ready reports it.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
