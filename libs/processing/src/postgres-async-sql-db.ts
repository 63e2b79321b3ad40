import { AsyncLocalStorage } from 'node:async_hooks';
import {
  DatabaseError,
  Pool,
  escapeIdentifier,
  types,
  type PoolClient,
  type QueryResult,
} from 'pg';
import { AppError } from '@pagedesk/shared';
import { connectionConfig } from '@pagedesk/event-store/postgres/connection';
import { describeDatabase, redact } from '@pagedesk/event-store/postgres/postgres-errors';
import { LOCK_CLASS, READ_MODEL_DDL_LOCK } from '@pagedesk/event-store/postgres/schema';
import type { AsyncSqlDb } from './async-sql-db';
import type { SqlValue } from './sql-db';
import { toPositional, type PositionalSql } from './positional-params';
import { Turns } from './turns';

export interface PostgresReadModelOptions {
  /** Where the tables live; created if missing. Unset: the connection's own search_path. */
  readonly schema?: string;
  /** Connections: one serves the transaction in progress, the others single statements. */
  readonly poolSize?: number;
  /** Client-side: a statement not answered by then fails (transient) and its connection is replaced. */
  readonly statementTimeoutMs?: number;
  /** Told about failures no caller waits for (an idle connection that broke). */
  readonly onIdleError?: (message: string) => void;
}

/** The store could not be reached or stopped answering: worth trying again (failureClass). */
export class ReadModelDbUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('unavailable', message);
    this.cause = cause;
  }
}

const DEFAULT_POOL_SIZE = 4;
const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_CACHED_SQL = 1_000;
/** unique_violation (on pg_namespace) and duplicate_schema: another session created it first. */
const SCHEMA_EXISTS = new Set(['23505', '42P06']);
/** int8 (counts, BIGINT milliseconds, positions) and numeric (SUM of a BIGINT): values stay below 2^53. */
const NUMBER_OIDS = new Set([20, 1700]);
const asNumber = (text: string): number => Number(text);
const readModelTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_OIDS.has(oid) && format !== 'binary'
      ? asNumber
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/**
 * One connection in a transaction; `broken` once the driver failed on it
 * (or the server ended it between two statements), so it is dropped rather
 * than asked to roll back.
 */
class Session {
  broken = false;
  savepoints = 0;
  /** A checked-out client has no listener of the pool's: without this one its 'error' would crash the process. */
  private readonly onError = () => {
    this.broken = true;
  };

  constructor(
    private readonly client: PoolClient,
    private readonly fail: (error: unknown, doing: string) => unknown,
  ) {
    client.on('error', this.onError);
  }

  async query(text: string, params?: readonly SqlValue[], doing = 'run a statement') {
    try {
      return await this.client.query(text, params as SqlValue[] | undefined);
    } catch (error) {
      if (!(error instanceof DatabaseError)) this.broken = true;
      throw this.fail(error, doing);
    }
  }

  release(): void {
    this.client.removeListener('error', this.onError);
    this.client.release(this.broken);
  }
}

/** A transaction or savepoint level; statements from `work`'s async calls find it through AsyncLocalStorage. */
interface Scope {
  readonly session: Session;
  /** Nested transactions of this level take turns, so their savepoints never interleave. */
  readonly turns: Turns;
  /** After the unit ended, a straggling call of `work` runs on its own, as on SQLite. */
  ended: boolean;
}

/**
 * The read models in PostgreSQL, behind the same port as the node's SQLite
 * file (docs/postgres.md, "Read models on PostgreSQL"). Only the transaction in progress
 * holds a connection of its own; transactions take turns, as on SQLite's one
 * connection, so a projection's read-modify-write never races another's.
 *
 * The schema is chosen with `SET LOCAL search_path` in every transaction
 * (single statements get one of their own), never per connection: a
 * transaction-mode pooler (PgBouncer) hands each transaction any server
 * connection, and a session `SET` would leak to other clients there.
 */
export class PostgresAsyncSqlDb implements AsyncSqlDb {
  readonly dialect = 'postgres' as const;
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private readonly transactions = new Turns();
  private readonly positional = new Map<string, PositionalSql>();
  private readonly begin: string;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly pool: Pool,
    private readonly schema: string | undefined,
  ) {
    this.begin = schema ? `BEGIN; SET LOCAL search_path TO ${escapeIdentifier(schema)}` : 'BEGIN';
  }

  /** Connects (the server must answer) and creates the schema if it is missing. */
  static async open(
    url: string,
    options: PostgresReadModelOptions = {},
  ): Promise<PostgresAsyncSqlDb> {
    const { schema } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema))
      throw new AppError(
        'invalid',
        `read-model schema must be a lower-case SQL name, not ${JSON.stringify(schema)}`,
      );
    const pool = new Pool({
      ...connectionConfig(url),
      application_name: 'pagedesk-read-models',
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      query_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      types: readModelTypes,
    });
    const db = new PostgresAsyncSqlDb(url, pool, schema);
    // An idle connection that breaks must not crash the process: the next statement takes a new one.
    pool.on('error', (error) =>
      options.onIdleError?.((db.toError(error, 'keep an idle connection') as Error).message),
    );
    try {
      await db.createSchema();
    } catch (error) {
      await db.close();
      throw db.toError(error, 'open the read models');
    }
    return db;
  }

  /**
   * DDL holds an advisory lock to the end of its transaction: CREATE TABLE
   * IF NOT EXISTS run by two nodes at once fails on pg_class's unique index
   * for the one that misses the other's uncommitted table.
   */
  async exec(sql: string): Promise<void> {
    const scope = this.scope();
    const ddl = `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${READ_MODEL_DDL_LOCK}); ${sql}`;
    if (scope) {
      await scope.session.query(ddl, undefined, 'change the schema');
      return;
    }
    // A simple query of several statements is one implicit transaction: SET LOCAL and the lock hold for all.
    const text = this.schema
      ? `SET LOCAL search_path TO ${escapeIdentifier(this.schema)}; ${ddl}`
      : ddl;
    await this.poolQuery(text, undefined, 'change the schema');
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.statement(sql, params)).rowCount ?? 0;
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return (await this.statement(sql, params)).rows[0] as Row | undefined;
  }

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await this.statement(sql, params)).rows as Row[];
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    const scope = this.scope();
    if (scope) return scope.turns.take(() => this.savepoint(scope.session, work));
    return this.transactions.take(() =>
      this.inTransaction((session) => this.within(session, work)),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async statement(sql: string, params: readonly SqlValue[]): Promise<QueryResult> {
    const { text, count } = this.toPositional(sql);
    if (count !== params.length)
      throw new AppError(
        'invalid',
        `statement has ${count} placeholders, given ${params.length} values: ${sql}`,
      );
    const scope = this.scope();
    if (scope) return scope.session.query(text, params);
    if (!this.schema) return this.poolQuery(text, params, 'run a statement');
    return this.inTransaction((session) => session.query(text, params));
  }

  /** BEGIN (and the schema) in one round trip, COMMIT, or ROLLBACK on any exception. */
  private async inTransaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const session = await this.connect();
    try {
      await session.query(this.begin, undefined, 'begin a transaction');
      const result = await work(session);
      await session.query('COMMIT', undefined, 'commit');
      session.release();
      return result;
    } catch (error) {
      await this.rollback(session);
      throw error;
    }
  }

  private async within<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const scope: Scope = { session, turns: new Turns(), ended: false };
    try {
      return await this.scopes.run(scope, work);
    } finally {
      scope.ended = true;
    }
  }

  private async savepoint<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const name = `pagedesk_${++session.savepoints}`;
    await session.query(`SAVEPOINT ${name}`, undefined, 'begin a savepoint');
    try {
      const result = await this.within(session, work);
      await session.query(`RELEASE SAVEPOINT ${name}`, undefined, 'release a savepoint');
      return result;
    } catch (error) {
      // A broken connection fails the whole transaction anyway; otherwise undo this level only.
      if (!session.broken)
        await session
          .query(
            `ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`,
            undefined,
            'roll back a savepoint',
          )
          .catch(() => undefined);
      throw error;
    }
  }

  /** A connection the driver gave up on is dropped rather than asked to roll back. */
  private async rollback(session: Session): Promise<void> {
    if (!session.broken)
      await session.query('ROLLBACK', undefined, 'roll back').catch(() => {
        session.broken = true;
      });
    session.release();
  }

  private async connect(): Promise<Session> {
    this.assertOpen();
    try {
      return new Session(await this.pool.connect(), (error, doing) => this.toError(error, doing));
    } catch (error) {
      throw this.toError(error, 'connect');
    }
  }

  private async poolQuery(text: string, params: readonly SqlValue[] | undefined, doing: string) {
    this.assertOpen();
    try {
      return await this.pool.query(text, params as SqlValue[] | undefined);
    } catch (error) {
      throw this.toError(error, doing);
    }
  }

  /**
   * CREATE SCHEMA IF NOT EXISTS still fails when another session creates the
   * same schema at that moment (several nodes starting at once): it misses
   * the other's uncommitted row, then hits it in pg_namespace's unique index.
   * That failure means the schema exists now, which is all we ask.
   */
  private async createSchema(): Promise<void> {
    if (!this.schema) {
      await this.poolQuery('SELECT 1', undefined, 'connect');
      return;
    }
    try {
      await this.poolQuery(
        `CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(this.schema)}`,
        undefined,
        'create its schema',
      );
    } catch (error) {
      if (!(error instanceof DatabaseError && SCHEMA_EXISTS.has(error.code ?? ''))) throw error;
    }
  }

  private scope(): Scope | undefined {
    const scope = this.scopes.getStore();
    return scope && !scope.ended ? scope : undefined;
  }

  private toPositional(sql: string): PositionalSql {
    let rewritten = this.positional.get(sql);
    if (!rewritten) {
      if (this.positional.size >= MAX_CACHED_SQL) this.positional.clear();
      rewritten = toPositional(sql);
      this.positional.set(sql, rewritten);
    }
    return rewritten;
  }

  /**
   * The server's own errors keep their SQLSTATE, which failureClass reads
   * (constraint violations and syntax permanent, shutdowns and deadlocks
   * transient); a driver failure without one (lost connection, timeout)
   * becomes ReadModelDbUnavailableError. Messages never carry the URL's secrets.
   */
  private toError(error: unknown, doing: string): unknown {
    if (error instanceof AppError || error instanceof DatabaseError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | undefined)?.code;
    const reason = redact(`${message}${typeof code === 'string' ? ` (${code})` : ''}`, this.url);
    return new ReadModelDbUnavailableError(
      `PostgreSQL at ${describeDatabase(this.url)} could not ${doing}: ${reason}`,
      error,
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new ReadModelDbUnavailableError('the read-model database is closed');
  }
}
