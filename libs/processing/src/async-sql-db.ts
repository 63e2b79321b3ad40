import type { SqlValue } from './sql-db';

/**
 * The read models' database, asynchronous so that it can be a server
 * (PostgreSQL, shared by every node) as well as the node's own SQLite file.
 * SQL is written once, in the subset both dialects accept (docs/projections.md,
 * "Portable SQL"); the PostgreSQL adapter only turns `?` into `$1…`.
 */
export interface AsyncSqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  /** Schema changes: one or more statements separated by `;`, no parameters. */
  exec(sql: string): Promise<void>;
  /** Returns how many rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /**
   * Every statement called while `work` runs (from any async call it makes)
   * belongs to this transaction; an exception rolls the whole unit back.
   * Transactions on one database never interleave: a second one waits. A
   * nested call becomes a savepoint.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
