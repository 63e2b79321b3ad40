import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import type { CommitAnnouncer, EventStore } from '../event-store.port';
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
  categoryOf,
  matchesFilter,
  serialiseEvents,
} from '../validation';
import { migrateEventStore, type EventRow } from './schema';
import { LOCK_PATIENCE_MS, prepareStatements, type Statements } from './statements';
import { CommitSignal, SqliteSubscription, type Page } from './sqlite-subscription';
import { RecentEvents, type Written } from './recent-events';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

/**
 * Who copies the WAL back into the database file. `here`: SQLite's own
 * automatic checkpoint, run inside whichever of this handle's commits finds
 * the WAL past 1,000 pages. `elsewhere`: another handle on the file does it
 * (the processing worker's), so this one's commits never stall its thread for
 * the copy and the database file's fsync; it checkpoints only if the WAL
 * passes `walBoundBytes` (that handle is gone or stuck).
 */
export type SqliteCheckpoints = 'here' | 'elsewhere';

export interface SqliteOptions {
  readonly synchronous?: SqliteSynchronous;
  readonly checkpoints?: SqliteCheckpoints;
  readonly walBoundBytes?: number;
}

/** Eight times the WAL SQLite's automatic checkpoint keeps (1,000 pages of 4 KiB). */
export const WAL_BOUND_BYTES = 32 * 1024 * 1024;

interface PendingAppend {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly serialised: readonly { data: string; metadata: string }[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const NO_STREAM = -1;
const MAX_READ = 2 ** 31;
/** Matching rows at least one in this many of a range: read the range rather than row by row. */
const DENSE = 4;
/**
 * A filtered read at most this far behind the head, that the window of recent
 * events cannot answer, reads every row up to the head once for all
 * subscribers (live ones are all about that far behind after a commit)
 * instead of each walking the indexes for its own types.
 */
const SHARED_READ_MAX = 1_000;

/**
 * The embedded default: one SQLite file in WAL mode. Appends that arrive in
 * the same tick share one BEGIN IMMEDIATE transaction (one fsync: group
 * commit), each checked against its own expected revision before it writes,
 * so one append's conflict never undoes another's events.
 */
export class SqliteEventStore implements EventStore, CommitAnnouncer {
  private readonly statements: Statements;
  private readonly commits = new CommitSignal();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly commitListeners = new Set<() => void>();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly recent = new RecentEvents();
  /** Filled by appendOne inside the current transaction; kept only if the transaction commits. */
  private written: Written[] = [];
  /** Since when appends have found the write lock taken by another handle. */
  private lockedSince: number | undefined;
  /** The log's head as last read for the subscriptions, and at which commit signal. */
  private head: { readonly signal: number; readonly position: number | undefined } | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly walFile: string,
    /** Past this many bytes this handle checkpoints itself; undefined: SQLite's automatic checkpoint does. */
    private readonly walBound: number | undefined,
  ) {
    this.statements = prepareStatements(db);
  }

  static async open(file: string, options: SqliteOptions = {}): Promise<SqliteEventStore> {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma(`busy_timeout = ${LOCK_PATIENCE_MS}`);
    // Another handle's commits reset this one's page cache; mapped pages make re-reading them cheap.
    db.pragma('mmap_size = 268435456');
    const walBound = options.walBoundBytes ?? WAL_BOUND_BYTES;
    // After a backlog is checkpointed, the first commit cuts the file back, so its size tells how much the WAL holds.
    db.pragma(`journal_size_limit = ${walBound}`);
    const elsewhere = options.checkpoints === 'elsewhere';
    if (elsewhere) db.pragma('wal_autocheckpoint = 0');
    migrateEventStore(db);
    return new SqliteEventStore(db, `${file}-wal`, elsewhere ? walBound : undefined);
  }

  /** The WAL file's size: what a checkpoint has yet to copy into the database file, at most. */
  walBytes(): number {
    try {
      return statSync(this.walFile).size;
    } catch {
      return 0;
    }
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
        this.scheduleFlush();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertStreamName(streamName);
    assertReadStreamOptions(options);
    const maxCount = options.maxCount ?? MAX_READ;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackwards.all(
            streamName,
            options.fromRevision ?? Number.MAX_SAFE_INTEGER,
            maxCount,
          )
        : this.statements.readForwards.all(streamName, options.fromRevision ?? 0, maxCount);
    if (
      rows.length === 0 &&
      options.ifMissing !== 'empty' &&
      this.currentRevision(streamName) === NO_STREAM
    )
      throw new StreamNotFoundError(streamName);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions(options);
    const maxCount = options.maxCount ?? MAX_READ;
    if (!options.filter) return this.readAllNow(options.after, maxCount);
    // A page may stop short of the end (the window of recent events ends before the head): read on.
    const events: RecordedEvent[] = [];
    let after = options.after;
    for (;;) {
      const head = this.statements.head.get()?.position ?? undefined;
      const page = this.readMatching(after, maxCount - events.length, options.filter, head);
      events.push(...page.events);
      if (page.end || events.length >= maxCount) return events;
      after = page.readTo;
    }
  }

  async headPosition(): Promise<number | undefined> {
    this.assertOpen();
    return this.statements.head.get()?.position ?? undefined;
  }

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    assertReadAllOptions({ after: options.after, filter: options.filter });
    const subscription = new SqliteSubscription(
      (after, max) => this.readPage(after, max, options.filter),
      this.commits,
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    subscription.done.then(
      () => this.subscriptions.delete(subscription),
      () => this.subscriptions.delete(subscription),
    );
    return subscription;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new EventStoreUnavailableError('the event store is closed');
    this.statements.ping.get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.flush(true);
    this.closed = true;
    this.commits.close();
    this.recent.clear();
    this.db.close();
  }

  /** Called after each of this handle's commits: another handle on the file (a worker thread) can be told at once. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Another handle committed: wake the subscriptions now instead of at their next poll. */
  noticeCommitElsewhere(): void {
    if (!this.closed) this.commits.notify();
  }

  private readPage(after: number | undefined, maxCount: number, filter?: EventFilter): Page {
    if (filter) return this.readMatching(after, maxCount, filter, this.headSinceSignal());
    const events = this.readAllNow(after, maxCount);
    return {
      events,
      readTo: events[events.length - 1]?.globalPosition ?? after,
      end: events.length < maxCount,
    };
  }

  private readAllNow(after: number | undefined, maxCount: number): RecordedEvent[] {
    const recent = this.recent.after(after, maxCount);
    if (recent) return recent;
    const rows = this.statements.readAll.all(after ?? 0, maxCount);
    const events = rows.map(toRecordedEvent);
    // A read that reached the end holds the newest events (often another handle's): the next subscriber shares them.
    if (rows.length < maxCount)
      this.recent.add(
        rows.map((row, i) => ({
          globalPosition: row.global_position,
          type: row.type,
          streamName: row.stream_name,
          bytes: row.data.length + row.metadata.length,
          event: () => events[i]!,
        })),
      );
    return events;
  }

  /**
   * The head for a subscription's read: read once per commit signal (another
   * handle's announced commit, a subscription's poll; this handle's own commit
   * sets it to its last position without a read, see flush) and
   * shared by every subscription woken by it, instead of once each. An older
   * head only makes a read stop short of the end: the signal that follows the
   * newer commits wakes the subscriptions again.
   */
  private headSinceSignal(): number | undefined {
    const signal = this.commits.commits;
    if (this.head?.signal !== signal)
      this.head = { signal, position: this.statements.head.get()?.position ?? undefined };
    return this.head.position;
  }

  /**
   * Only the matching rows are read and decoded: from the window of recent
   * events when it holds them (filled from the file once for all subscribers
   * when they are a little behind), else one walk of the type (or category)
   * index per value, positions only (the index covers them), merged in log
   * order, then the rows at the first `maxCount` positions. `head` was read
   * before, so everything up to it is committed and `readTo` can vouch for it.
   */
  private readMatching(
    after: number | undefined,
    maxCount: number,
    filter: EventFilter,
    head: number | undefined,
  ): Page {
    if (head === undefined || head <= (after ?? 0)) return { events: [], readTo: after, end: true };
    const matches = (w: Written) => matchesFilter(filter, w);
    const recent =
      this.recent.matching(after, maxCount, matches) ??
      (this.shareRowsUpTo(after, head) && this.recent.matching(after, maxCount, matches));
    if (recent)
      return {
        events: recent.events,
        readTo: recent.readTo,
        end: recent.readTo >= head && recent.events.length < maxCount,
      };
    const [walk, values] = filter.types
      ? [this.statements.positionsOfType, filter.types]
      : [this.statements.positionsOfCategory, filter.categories!];
    let complete = head;
    const positions: number[] = [];
    for (const value of new Set(values)) {
      const found = walk.all(value, after ?? 0, head, maxCount);
      // A walk cut short by its limit vouches only up to its last position.
      if (found.length === maxCount) complete = Math.min(complete, found[found.length - 1]!);
      positions.push(...found);
    }
    const chosen = positions
      .filter((p) => p <= complete)
      .sort((a, b) => a - b)
      .slice(0, maxCount);
    const full = chosen.length === maxCount;
    const rows = this.rowsAt(chosen).filter(
      (row) => !filter.categories || filter.categories.includes(categoryOf(row.stream_name)),
    );
    return {
      events: rows.map(toRecordedEvent),
      readTo: full ? chosen[chosen.length - 1]! : complete,
      end: !full && complete === head,
    };
  }

  /**
   * Reads every row after `after` up to the file's end into the window of
   * recent events, decoded only when a subscriber takes one, when that is at
   * most SHARED_READ_MAX rows from the head: the other subscribers woken by the
   * same commit then find them there. False (nothing read) when further behind.
   */
  private shareRowsUpTo(after: number | undefined, head: number): boolean {
    if (head - (after ?? 0) > SHARED_READ_MAX) return false;
    const rows = this.statements.readAll.all(after ?? 0, SHARED_READ_MAX);
    if (rows.length === SHARED_READ_MAX) return false;
    this.recent.cover(rows.map((row) => writtenOf(row)));
    return true;
  }

  /**
   * Dense positions (a busy category) are one range read, skipping the few
   * rows between without decoding them; sparse ones are looked up one by one
   * rather than reading everything that lies between.
   */
  private rowsAt(positions: readonly number[]): EventRow[] {
    if (positions.length === 0) return [];
    const first = positions[0]!;
    const last = positions[positions.length - 1]!;
    if (last - first >= DENSE * positions.length)
      return positions.map((p) => this.statements.readAt.get(p)!);
    const wanted = new Set(positions);
    return this.statements.readRange
      .all(first, last)
      .filter((row) => wanted.has(row.global_position));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(wait = false): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[];
    this.written = [];
    try {
      outcomes = this.commit(batch, wait);
    } catch (error) {
      if (isBusy(error) && this.retryWhenUnlocked(batch)) return;
      this.lockedSince = undefined;
      const failure = new EventStoreUnavailableError(
        `commit failed: ${(error as Error).message}`,
        error,
      );
      for (const append of batch) append.reject(failure);
      return;
    }
    this.lockedSince = undefined;
    this.recent.add(this.written);
    batch.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    this.commits.notify();
    // This commit's last position is the head its signal stands for: writers take the lock in turn, so every
    // position before it is committed. The subscriptions it wakes need not read it again (headSinceSignal).
    const last = this.written[this.written.length - 1];
    if (last) this.head = { signal: this.commits.commits, position: last.globalPosition };
    if (outcomes.some((o) => o.ok)) for (const listener of this.commitListeners) listener();
    this.boundWal();
  }

  /**
   * A handle that leaves checkpoints to another one still keeps the WAL
   * bounded: past the bound (the other handle is down or stuck) it copies it
   * back itself, once per commit that finds it there, without waiting for
   * readers (PASSIVE), so it never blocks on the other thread.
   */
  private boundWal(): void {
    if (this.walBound === undefined || this.walBytes() <= this.walBound) return;
    try {
      // exec, not pragma: no statement object per commit for the collector (see commit() below).
      this.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch {
      // The commits are durable in the WAL already; a checkpoint that fails (the other handle running
      // one: SQLITE_BUSY, or I/O) leaves it as it was, the next commit tries again, /metrics shows the size.
    }
  }

  /**
   * Without `wait`, a write lock held by another handle (the processing
   * worker) fails at once instead of sleeping in SQLite's busy handler, which
   * would stall every request this thread serves.
   */
  private commit(batch: readonly PendingAppend[], wait: boolean) {
    // Compiled each time, not a cached statement: SQLite applies busy_timeout when the pragma is compiled. By exec,
    // not db.pragma: that makes a Statement object per call, two per commit for the garbage collector, and
    // better-sqlite3 12 built against Node >= 24.19's headers aborts the process when it collects one outside a
    // JavaScript context (BENCHMARKS.md, session 11); exec makes none.
    if (!wait) this.db.exec('PRAGMA busy_timeout = 0');
    try {
      return this.db
        .transaction(() => batch.map((append) => this.appendChecked(append)))
        .immediate();
    } finally {
      if (!wait) this.db.exec(`PRAGMA busy_timeout = ${LOCK_PATIENCE_MS}`);
    }
  }

  /** Puts the batch back and tries on a later turn of the event loop; gives up (false) after LOCK_PATIENCE_MS. */
  private retryWhenUnlocked(batch: PendingAppend[]): boolean {
    const now = Date.now();
    const first = this.lockedSince === undefined;
    this.lockedSince ??= now;
    if (now - this.lockedSince > LOCK_PATIENCE_MS) return false;
    this.pending = batch.concat(this.pending);
    this.flushScheduled = true;
    // The lock is usually held for well under a millisecond: the first retry comes right after pending I/O, later ones a timer tick apart.
    if (first) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), 1);
    return true;
  }

  /**
   * A conflict is found before the append writes anything, so it needs no
   * savepoint; any other error (disk full, I/O) escapes and rolls back the
   * whole batch, so nothing is ever half-applied.
   */
  private appendChecked(append: PendingAppend) {
    try {
      return { ok: true as const, result: this.appendOne(append) };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return { ok: false as const, error };
    }
  }

  private appendOne({ streamName, events, serialised, expected }: PendingAppend): AppendResult {
    const current = this.currentRevision(streamName);
    if (expected === 'any' || expected === 'stream_exists') {
      const retried = this.findRetriedAppend(
        streamName,
        events,
        this.revisionOf(streamName, events[0]!.id),
      );
      if (retried) return retried;
    }
    if (!matches(expected, current)) {
      const start =
        typeof expected === 'number' ? expected + 1 : expected === 'no_stream' ? 0 : undefined;
      const retried = this.findRetriedAppend(streamName, events, start);
      if (retried) return retried;
      throw new WrongExpectedVersionError(
        streamName,
        expected,
        current === NO_STREAM ? 'no_stream' : current,
      );
    }
    let globalPosition = 0;
    events.forEach((event, i) => {
      const { data, metadata } = serialised[i]!;
      const info = this.statements.insert.run(
        streamName,
        current + 1 + i,
        event.id.toLowerCase(),
        event.type,
        data,
        metadata,
      );
      globalPosition = Number(info.lastInsertRowid);
      this.written.push(
        writtenOf({
          global_position: globalPosition,
          stream_name: streamName,
          revision: current + 1 + i,
          event_id: event.id.toLowerCase(),
          type: event.type,
          data,
          metadata,
        }),
      );
    });
    return { nextExpectedRevision: current + events.length, globalPosition };
  }

  /** EventStoreDB's idempotence rule: the same ids already stored from `start` on mean the retry succeeded. */
  private findRetriedAppend(
    streamName: string,
    events: readonly EventToAppend[],
    start: number | undefined,
  ): AppendResult | undefined {
    if (start === undefined) return undefined;
    const stored = this.statements.idsFrom.all(streamName, start, events.length);
    if (stored.length !== events.length) return undefined;
    if (
      !stored.every(
        (row, i) => row.event_id === events[i]!.id.toLowerCase() && row.revision === start + i,
      )
    ) {
      return undefined;
    }
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: last.revision, globalPosition: last.global_position };
  }

  private revisionOf(streamName: string, eventId: string): number | undefined {
    return (
      this.statements.revisionOfEventId.get(streamName, eventId.toLowerCase())?.revision ??
      undefined
    );
  }

  private currentRevision(streamName: string): number {
    return this.statements.currentRevision.get(streamName)?.revision ?? NO_STREAM;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the event store is closed');
  }
}

function matches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === NO_STREAM;
    case 'stream_exists':
      return current !== NO_STREAM;
    default:
      return current === expected;
  }
}

const isBusy = (error: unknown): boolean =>
  (error as { code?: unknown } | undefined)?.code === 'SQLITE_BUSY';

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** A row for the window of recent events, decoded on first use. */
function writtenOf(row: EventRow): Written {
  return {
    globalPosition: row.global_position,
    type: row.type,
    streamName: row.stream_name,
    bytes: row.data.length + row.metadata.length,
    event: once(() => toRecordedEvent(row)),
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamName: row.stream_name,
    revision: row.revision,
    globalPosition: row.global_position,
  };
}
