import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { conversationEventCodec, type ConversationEvent } from '@pagedesk/conversation';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@pagedesk/event-store';
import { backoffDelay, errorText, type PartError, type PartStatus } from '@pagedesk/processing';
import { RoutingBook, type RoutingChange } from '@pagedesk/routing';
import { failureReason } from '@pagedesk/shared';
import { conversationIdOf } from '../outbound/conversation-state';
import { BackgroundWork } from '../processing/background-work';

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

const isConversationStream = (event: RecordedEvent) => event.streamName.startsWith('conversation-');

/**
 * The one subscription to the log that the routing, the agent gateway and the
 * supervisors' live view share: every conversation event after it committed,
 * in log order, folded into the routing book first and then handed to each
 * listener synchronously, so they all see the same state at the same position.
 * The book is rebuilt from the whole log at start, never stored.
 */
@Injectable()
export class ConversationFeed implements OnModuleDestroy {
  readonly book = new RoutingBook();
  private readonly logger = new Logger(ConversationFeed.name);
  private readonly folders: FeedListener[] = [];
  private readonly listeners: FeedListener[] = [];
  private subscription: Subscription | undefined;
  private replaying = true;
  private head = 0;
  private started = false;
  private stopped = false;
  private failures = 0;
  private lastError: PartError | null = null;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly work: BackgroundWork,
  ) {}

  /** The position every listener has seen: pushes at or below it are already reflected in state. */
  get position(): number {
    return this.head;
  }

  /** Views kept beside the book (e.g. chat summaries): updated before any listener reacts. */
  fold(folder: FeedListener): void {
    this.folders.push(folder);
  }

  /** Reactions (routing, pushes): called after every view has the event. */
  listen(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  /** Resolves once the log stored at start is folded; live events follow. */
  start(): Promise<void> {
    // Only a thread that serves people runs the feed: only there is it on /ready.
    this.work.watch(() => this.status());
    return new Promise((resolve, reject) => this.subscribe(resolve, reject));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
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
  private subscribe(resolve: () => void, reject: (error: Error) => void): void {
    const subscription = this.store.subscribeToAll((event) => this.onEvent(event), {
      after: this.started ? this.head : undefined,
      onCaughtUp: (head) => {
        if (head !== undefined && head > this.head) this.head = head;
        this.failures = 0;
        if (!this.replaying) return;
        this.replaying = false;
        this.started = true;
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
        if (!this.stopped) this.subscribe(resolve, reject);
      }, backoffDelay(this.failures));
    });
  }

  private onEvent(recorded: RecordedEvent): void {
    this.head = recorded.globalPosition;
    if (!isConversationStream(recorded)) return;
    let event: ConversationEvent;
    try {
      event = conversationEventCodec.decode(recorded);
    } catch (error) {
      // A newer deployment's event: routing cannot judge it, and must not stop for everyone else.
      this.logger.error({ err: error, eventId: recorded.id, type: recorded.type }, 'event skipped');
      return;
    }
    const conversationId = conversationIdOf(recorded.streamName);
    const change = this.book.apply(conversationId, event, recorded.globalPosition);
    const item: FeedItem = { conversationId, event, recorded, change, replay: this.replaying };
    for (const listener of [...this.folders, ...this.listeners]) {
      try {
        listener(item);
      } catch (error) {
        this.logger.error({ err: error, eventId: recorded.id }, 'feed listener failed');
      }
    }
  }
}
