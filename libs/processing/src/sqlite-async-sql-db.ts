import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { AsyncSqlDb } from './async-sql-db';
import { openReadModelDb } from './read-model-db';
import { SqliteSqlDb, type SqlValue } from './sql-db';
import { Turns } from './turns';

/**
 * better-sqlite3 behind the asynchronous port. One connection may serve
 * several runners (and the queries of every controller), so a transaction
 * spans awaits: a queue lets one run at a time, and AsyncLocalStorage tells
 * a call made from inside it (it joins, or opens a savepoint) from one made
 * elsewhere (it waits its turn). A statement outside any transaction also
 * waits while one is open, so nobody reads a half-applied batch.
 */
export class SqliteAsyncSqlDb implements AsyncSqlDb {
  readonly dialect = 'sqlite' as const;
  /** Statements prepared once per SQL text, as for the synchronous port. */
  private readonly statements: SqliteSqlDb;
  private readonly inside = new AsyncLocalStorage<Scope>();
  private readonly transactions = new Turns();
  private open = 0;

  /** `owned`: the connection is this port's alone, and closed with it. */
  constructor(
    readonly connection: Database.Database,
    private readonly owned = false,
  ) {
    this.statements = new SqliteSqlDb(connection);
  }

  /** A file of its own (the read models' projections.db, or a scratch copy), closed with the port. */
  static open(file: string): SqliteAsyncSqlDb {
    return new SqliteAsyncSqlDb(openReadModelDb(file), true);
  }

  exec(sql: string): Promise<void> {
    return this.statementCall(() => this.statements.exec(sql));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.statementCall(() => this.statements.run(sql, params));
  }

  get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return this.statementCall(() => this.statements.get<Row>(sql, params));
  }

  all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.statementCall(() => this.statements.all<Row>(sql, params));
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    const current = this.inside.getStore();
    if (current) return this.savepoint(current, work);
    return this.enqueue(async () => {
      this.connection.exec('BEGIN');
      try {
        const result = await this.inside.run(new Scope(0), work);
        this.connection.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Waits for the queue; closes the connection only if it is this port's own. */
  async close(): Promise<void> {
    await this.enqueue(async () => undefined);
    if (this.owned && this.connection.open) this.connection.close();
  }

  /** Nested transactions of one level started together take turns: savepoints never interleave. */
  private savepoint<T>(current: Scope, work: () => Promise<T>): Promise<T> {
    return current.turns.take(async () => {
      const name = `sp_${current.depth + 1}`;
      this.connection.exec(`SAVEPOINT ${name}`);
      try {
        const result = await this.inside.run(new Scope(current.depth + 1), work);
        this.connection.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        this.connection.exec(`ROLLBACK TO ${name}`);
        this.connection.exec(`RELEASE ${name}`);
        throw error;
      }
    });
  }

  /** Inside a transaction a statement runs at once; outside, after the transactions queued before it. */
  private statementCall<T>(call: () => T): Promise<T> {
    if (this.inside.getStore() || this.open === 0) {
      try {
        return Promise.resolve(call());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return this.enqueue(async () => call());
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    this.open += 1;
    const result = this.transactions.take(work);
    const done = () => {
      this.open -= 1;
    };
    result.then(done, done);
    return result;
  }
}

/** One transaction or savepoint level, as AsyncLocalStorage hands it to the calls made inside it. */
class Scope {
  /** Nested transactions of this level take turns, so their savepoints never interleave. */
  readonly turns = new Turns();

  constructor(readonly depth: number) {}
}
