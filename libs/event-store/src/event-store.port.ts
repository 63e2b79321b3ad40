import type {
  AppendResult,
  EventHandler,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from './event';

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * The only way Pagedesk touches persisted events. Every adapter passes the
 * contract suite in libs/event-store/src/testing.
 */
export interface EventStore {
  /**
   * Appends atomically. Rejects with WrongExpectedVersionError when the stream
   * is not where `expectedRevision` says, except when the very same event ids
   * are already at those revisions (an idempotent retry: same result again).
   */
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Rejects with StreamNotFoundError when the stream has no events, unless `ifMissing: 'empty'`. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** The global log in order, after `options.after`. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Position of the newest event in the global log, undefined while empty. */
  headPosition(): Promise<number | undefined>;

  /**
   * Catches up from `after`, then goes live; in order, no gap, no duplicate.
   * The next event is not delivered before the handler's promise settles; a
   * handler error ends the subscription (see Subscription.done).
   */
  subscribeToAll(handler: EventHandler, options?: SubscribeToAllOptions): Subscription;

  /** Throws EventStoreUnavailableError when the store cannot serve requests. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/**
 * A store whose other handles on the same data (the SQLite file shared with
 * a worker thread) only see its commits at their next poll unless told.
 */
export interface CommitAnnouncer {
  onCommit(listener: () => void): () => void;
  noticeCommitElsewhere(): void;
}

export const announcesCommits = (store: EventStore): store is EventStore & CommitAnnouncer =>
  typeof (store as Partial<CommitAnnouncer>).onCommit === 'function';
