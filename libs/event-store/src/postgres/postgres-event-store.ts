import { Client, Pool } from 'pg';
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
} from '../event';
import type { EventStore } from '../event-store.port';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import {
  assertExpectedRevision,
  assertReadAllOptions,
  assertReadStreamOptions,
  assertStreamName,
  serialiseEvents,
} from '../validation';
import { CommitSignal } from '../sqlite/sqlite-subscription';
import {
  COLUMNS,
  COMMIT_CHANNEL,
  EVENT_STORE_SCHEMA,
  LOCK_CLASS,
  SCHEMA_LOCK,
  type EventRow,
} from './schema';
import { PostgresSubscription } from './postgres-subscription';
import { toStoreError } from './postgres-errors';

interface PendingAppend {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly serialised: readonly { data: string; metadata: string }[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface AppendRow {
  readonly outcome: 'ok' | 'conflict';
  readonly out_revision: string;
  readonly out_position: string | null;
}

export interface PostgresEventStoreOptions {
  /** Connections for reads and the writer; the listener has one more of its own. */
  readonly poolSize?: number;
  /** Told about transient failures the store retries by itself (the listener, subscriptions). */
  readonly onTransientError?: (message: string) => void;
}

const MAX_READ = 2 ** 31;
const CONNECT_TIMEOUT_MS = 5_000;
const LISTEN_RETRY_MS = 1_000;
const APPEND_SQL =
  'SELECT outcome, out_revision, out_position FROM pagedesk_append_batch($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[])';

/**
 * The event store on PostgreSQL (DATABASE_URL). Appends that arrive in the
 * same tick go out as one statement, pagedesk_append_batch: one round trip,
 * one transaction, one commit (group commit), each append checked against
 * its own expected revision. Every
 * appending transaction holds one advisory lock until it commits, which
 * makes the global position order the commit order: see docs/postgres.md.
 */
export class PostgresEventStore implements EventStore {
  private readonly commits = new CommitSignal();
  private readonly subscriptions = new Set<PostgresSubscription>();
  private pending: PendingAppend[] = [];
  private writing: Promise<void> | undefined;
  private listener: Client | undefined;
  private listenTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {}

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
      await store.listen();
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
      return new Promise((resolve, reject) => {
        this.pending.push({
          streamName,
          events,
          serialised,
          expected: options.expectedRevision,
          resolve,
          reject,
        });
        this.writing ??= this.drain();
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
    if (rows.length === 0) {
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
    return this.readAllNow(options.after, options.maxCount ?? MAX_READ);
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
    assertReadAllOptions({ after: options.after });
    const subscription = new PostgresSubscription(
      {
        readAfter: (after, max) => this.readAllNow(after, max),
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
    await this.writing;
    this.closed = true;
    clearTimeout(this.listenTimer);
    this.commits.close();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
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

  /** One writer connection at a time: appends serialise on the append lock anyway, so batching them is the win. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await new Promise((r) => setImmediate(r));
        const batch = this.pending;
        this.pending = [];
        await this.commitBatch(batch);
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async commitBatch(batch: readonly PendingAppend[]): Promise<void> {
    let rows: AppendRow[];
    try {
      rows = (await this.pool.query<AppendRow>(APPEND_SQL, batchParams(batch))).rows;
      if (rows.length !== batch.length)
        throw new Error(`${rows.length} outcomes for ${batch.length} appends`);
    } catch (error) {
      // The outcome of a commit cut off mid-way is unknown: a retry with the same ids tells.
      const failure = toStoreError(error, this.url, 'commit an append');
      for (const append of batch) append.reject(failure);
      return;
    }
    batch.forEach((append, i) => {
      const row = rows[i]!;
      if (row.outcome === 'ok') {
        append.resolve({
          nextExpectedRevision: Number(row.out_revision),
          globalPosition: Number(row.out_position),
        });
      } else {
        const actual = Number(row.out_revision);
        append.reject(
          new WrongExpectedVersionError(
            append.streamName,
            append.expected,
            actual < 0 ? 'no_stream' : actual,
          ),
        );
      }
    });
    this.commits.notify();
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

  /**
   * Other processes' commits arrive as notifications; if the listening
   * connection drops, subscriptions still poll, and it is re-established.
   */
  private async listen(): Promise<void> {
    const listener = new Client(connectionConfig(this.url));
    const lost = (error: unknown) => {
      if (this.listener !== listener || this.closed) return;
      this.listener = undefined;
      this.transient(error, 'listen for commits');
      void listener.end().catch(() => undefined);
      this.listenTimer = setTimeout(
        () => void this.listen().catch(() => undefined),
        LISTEN_RETRY_MS,
      );
    };
    this.listener = listener;
    listener.on('error', lost);
    listener.on('end', () => lost(new Error('connection ended')));
    listener.on('notification', () => this.commits.notify());
    try {
      await listener.connect();
      await listener.query(`LISTEN ${COMMIT_CHANNEL}`);
    } catch (error) {
      lost(error);
      throw error;
    }
    // Commits made while the listener was away: wake everyone to look.
    this.commits.notify();
  }

  private transient(error: unknown, doing: string): void {
    const mapped = toStoreError(error, this.url, doing);
    this.options.onTransientError?.((mapped as Error).message);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the event store is closed');
  }
}

function connectionConfig(url: string) {
  return {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'pagedesk',
  };
}

/** One statement for the whole batch: each append's columns, and the events of all of them end to end. */
function batchParams(batch: readonly PendingAppend[]): unknown[] {
  return [
    batch.map((a) => a.streamName),
    batch.map((a) => String(a.expected)),
    batch.map((a) => a.events.length),
    batch.flatMap((a) => a.events.map((e) => e.id.toLowerCase())),
    batch.flatMap((a) => a.events.map((e) => e.type)),
    batch.flatMap((a) => a.serialised.map((e) => e.data)),
    batch.flatMap((a) => a.serialised.map((e) => e.metadata)),
  ];
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
