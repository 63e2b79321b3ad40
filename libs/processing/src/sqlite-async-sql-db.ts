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
 *
 * Transactions queued together (every projection's batch after one commit of
 * the log) share one BEGIN … COMMIT, each in a savepoint of its own: one that
 * throws undoes only its own statements, and each is answered only once the
 * COMMIT has succeeded (if it fails, all of them are rejected, nothing kept).
 * One commit instead of one per projection.
 */
export class SqliteAsyncSqlDb implements AsyncSqlDb {
  readonly dialect = 'sqlite' as const;
  /** Statements prepared once per SQL text, as for the synchronous port. */
  private readonly statements: SqliteSqlDb;
  private readonly inside = new AsyncLocalStorage<Scope>();
  private readonly queue: Queued[] = [];
  private draining = false;
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
    return this.enqueue(work, true);
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

  /** Work waits for what was queued before it; a transaction may share its BEGIN … COMMIT with the ones queued beside it. */
  private enqueue<T>(work: () => Promise<T>, transaction = false): Promise<T> {
    this.open += 1;
    const result = new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        transaction,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
    });
    const done = () => {
      this.open -= 1;
    };
    result.then(done, done);
    if (!this.draining) {
      this.draining = true;
      // After the other work of this turn of the event loop, so that it queues beside this.
      setImmediate(() => void this.drain());
    }
    return result;
  }

  private async drain(): Promise<void> {
    // Every failure is handed to the work's caller: nothing escapes to leave the queue stuck.
    while (this.queue.length > 0) {
      const first = this.queue[0]!;
      if (!first.transaction) {
        this.queue.shift();
        await first.work().then(first.resolve, first.reject);
        continue;
      }
      const together: Queued[] = [];
      while (this.queue[0]?.transaction) together.push(this.queue.shift()!);
      await this.runTogether(together);
    }
    this.draining = false;
  }

  /**
   * Called once the batch's last work has settled, before any caller is
   * answered: nothing is inside a transaction until the next batch. On Node
   * 20 an enabled AsyncLocalStorage puts promise hooks on every promise of
   * the thread (about 60 ns an await, the processing worker's other reactors
   * included), so it is switched off between batches; the next batch's `run`
   * switches it on again.
   */
  private leaveScopes(): void {
    this.inside.disable();
  }

  /**
   * One BEGIN … COMMIT for all of them, each in its own savepoint. If a
   * failure ended the transaction itself (SQLite rolls back on some errors),
   * those before it are rejected with it and those after run in another.
   */
  private async runTogether(together: readonly Queued[]): Promise<void> {
    const done: { queued: Queued; result: unknown }[] = [];
    const failAll = (error: unknown) => {
      for (const { queued } of done.splice(0)) queued.reject(error);
    };
    try {
      this.connection.exec('BEGIN');
    } catch (error) {
      for (const queued of together) queued.reject(error);
      return;
    }
    for (const [i, queued] of together.entries()) {
      const name = `tx_${i}`;
      try {
        this.connection.exec(`SAVEPOINT ${name}`);
        const result = await this.inside.run(new Scope(0), queued.work);
        this.connection.exec(`RELEASE ${name}`);
        done.push({ queued, result });
      } catch (error) {
        queued.reject(error);
        if (this.undo(name)) continue;
        this.leaveScopes();
        failAll(error);
        this.queue.unshift(...together.slice(i + 1));
        return;
      }
    }
    this.leaveScopes();
    try {
      this.connection.exec('COMMIT');
    } catch (error) {
      this.rollback();
      failAll(error);
      return;
    }
    for (const { queued, result } of done) queued.resolve(result);
  }

  /** Undoes one savepoint and goes on; false when the transaction itself is gone (then rolled back whole). */
  private undo(savepoint: string): boolean {
    try {
      if (!this.connection.inTransaction) return false;
      this.connection.exec(`ROLLBACK TO ${savepoint}`);
      this.connection.exec(`RELEASE ${savepoint}`);
      return true;
    } catch {
      this.rollback();
      return false;
    }
  }

  private rollback(): void {
    try {
      if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
    } catch {
      // The connection failed under it: SQLite keeps nothing of an unfinished transaction.
    }
  }
}

interface Queued {
  readonly work: () => Promise<unknown>;
  /** A transaction (it may share a BEGIN … COMMIT), not a statement waiting its turn. */
  readonly transaction: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** One transaction or savepoint level, as AsyncLocalStorage hands it to the calls made inside it. */
class Scope {
  /** Nested transactions of this level take turns, so their savepoints never interleave. */
  readonly turns = new Turns();

  constructor(readonly depth: number) {}
}
