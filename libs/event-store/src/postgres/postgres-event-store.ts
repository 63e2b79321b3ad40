import { Pool } from 'pg';
import type {
  AppendResult,
  EventFilter,
  EventHandler,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event';
import type { EventStore } from '../event-store.port';
import { EventStoreUnavailableError, StreamNotFoundError } from '../errors';
import {
  assertExpectedRevision,
  assertReadAllOptions,
  assertReadStreamOptions,
  assertStreamName,
  serialiseEvents,
} from '../validation';
import { CommitSignal, type Page } from '../sqlite/sqlite-subscription';
import { CommitListener } from './commit-listener';
import { GroupCommit } from './group-commit';
import { connectionConfig } from './connection';
import { COLUMNS, EVENT_STORE_SCHEMA, LOCK_CLASS, SCHEMA_LOCK, type EventRow } from './schema';
import { PostgresSubscription } from './postgres-subscription';
import { toStoreError } from './postgres-errors';

export interface PostgresEventStoreOptions {
  /** Connections for reads and the writer; the listener has one more of its own. */
  readonly poolSize?: number;
  /** Told about transient failures the store retries by itself (the listener, subscriptions). */
  readonly onTransientError?: (message: string) => void;
  /** Where the commit listener connects (LISTEN needs a session); `url` when unset. */
  readonly listenUrl?: string;
}

const MAX_READ = 2 ** 31;

/**
 * The event store on PostgreSQL (DATABASE_URL). Appends of one tick are
 * committed together (GroupCommit). Every appending transaction holds one
 * advisory lock until it commits, which makes the global position order the
 * commit order: see docs/postgres.md. Other processes' commits wake the
 * subscriptions through the CommitListener.
 */
export class PostgresEventStore implements EventStore {
  private readonly commits = new CommitSignal();
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly groupCommit: GroupCommit;
  private readonly listener: CommitListener;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.groupCommit = new GroupCommit(pool, url, () => this.commits.notify());
    const listenUrl = options.listenUrl ?? url;
    this.listener = new CommitListener(
      listenUrl,
      () => this.commits.notify(),
      (error) => this.transient(error, 'listen for commits', listenUrl),
    );
  }

  static async connect(
    url: string,
    options: PostgresEventStoreOptions = {},
  ): Promise<PostgresEventStore> {
    const pool = new Pool({
      ...connectionConfig(url),
      max: options.poolSize ?? 8,
    });
    const store = new PostgresEventStore(url, pool, options);
    // An idle connection that breaks must not crash the process: the next query reconnects.
    pool.on('error', (error) => store.transient(error, 'keep an idle connection'));
    try {
      await store.createSchema();
      await store.listener.start();
    } catch (error) {
      await store.close();
      throw toStoreError(error, url, 'open the event store');
    }
    return store;
  }

  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      assertStreamName(streamName);
      assertExpectedRevision(options?.expectedRevision);
      const serialised = serialiseEvents(events);
      return this.groupCommit.append({
        streamName,
        events,
        serialised,
        expected: options.expectedRevision,
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertStreamName(streamName);
    assertReadStreamOptions(options);
    const backwards = options.direction === 'backwards';
    const rows = await this.query<EventRow>(
      'read a stream',
      `SELECT ${COLUMNS} FROM events WHERE stream_name = $1 AND revision ${backwards ? '<=' : '>='} $2
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [
        streamName,
        options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0),
        options.maxCount ?? MAX_READ,
      ],
    );
    if (rows.length === 0 && options.ifMissing !== 'empty') {
      const exists = await this.query(
        'read a stream',
        'SELECT 1 FROM events WHERE stream_name = $1 LIMIT 1',
        [streamName],
      );
      if (exists.length === 0) throw new StreamNotFoundError(streamName);
    }
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions(options);
    const maxCount = options.maxCount ?? MAX_READ;
    if (options.filter)
      return (await this.readMatching(options.after, maxCount, options.filter)).events;
    return this.readAllNow(options.after, maxCount);
  }

  async headPosition(): Promise<number | undefined> {
    this.assertOpen();
    const [row] = await this.query<{ position: string | null }>(
      'read the head position',
      'SELECT max(global_position) AS position FROM events',
    );
    return row?.position == null ? undefined : Number(row.position);
  }

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    assertReadAllOptions({ after: options.after, filter: options.filter });
    const filter = options.filter;
    const subscription = new PostgresSubscription(
      {
        readAfter: (after, max) =>
          filter ? this.readMatching(after, max, filter) : this.readPage(after, max),
        commits: this.commits,
        onReadError: (error) => this.transient(error, 'read the log for a subscription'),
      },
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.query('answer a ping', 'SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.groupCommit.drained();
    this.closed = true;
    this.commits.close();
    await this.listener.close();
    await this.pool.end().catch(() => undefined);
  }

  private async readPage(after: number | undefined, maxCount: number): Promise<Page> {
    const events = await this.readAllNow(after, maxCount);
    return {
      events,
      readTo: events[events.length - 1]?.globalPosition ?? after,
      end: events.length < maxCount,
    };
  }

  /**
   * Only matching rows are read, through the (type, position) or
   * (category, position) index. The head is read first: positions are handed
   * out one committing transaction at a time, so everything up to it is
   * committed and a page that stops short of `maxCount` has read to it.
   */
  private async readMatching(
    after: number | undefined,
    maxCount: number,
    filter: EventFilter,
  ): Promise<Page> {
    const head = await this.headPosition();
    if (head === undefined || head <= (after ?? 0)) return { events: [], readTo: after, end: true };
    const rows = await this.query<EventRow>(
      'read the global log by type or category',
      `SELECT ${COLUMNS} FROM events
        WHERE global_position > $1 AND global_position <= $2
          AND ($3::text[] IS NULL OR type = ANY($3::text[]))
          AND ($4::text[] IS NULL OR category = ANY($4::text[]))
        ORDER BY global_position LIMIT $5`,
      [after ?? 0, head, filter.types ?? null, filter.categories ?? null, maxCount],
    );
    const events = rows.map(toRecordedEvent);
    const full = events.length === maxCount;
    return { events, readTo: full ? events[events.length - 1]!.globalPosition : head, end: !full };
  }

  private async readAllNow(after: number | undefined, maxCount: number): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(
      'read the global log',
      `SELECT ${COLUMNS} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after ?? 0, maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  private async query<Row>(
    doing: string,
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params as unknown[])).rows as Row[];
    } catch (error) {
      throw toStoreError(error, this.url, doing);
    }
  }

  /** Concurrent first starts (several nodes) must not race on CREATE ... IF NOT EXISTS. */
  private async createSchema(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, SCHEMA_LOCK]);
      await client.query(EVENT_STORE_SCHEMA);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  private transient(error: unknown, doing: string, url = this.url): void {
    const mapped = toStoreError(error, url, doing);
    this.options.onTransientError?.((mapped as Error).message);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the event store is closed');
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data as RecordedEvent['data'],
    metadata: row.metadata as RecordedEvent['metadata'],
    streamName: row.stream_name,
    revision: Number(row.revision),
    globalPosition: Number(row.global_position),
  };
}
