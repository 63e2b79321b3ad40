import type Database from 'better-sqlite3';
import { SqliteSqlDb, type SqlDb } from './sql-db';

/** Where each subscriber (reactor or projection) remembers the last global position it finished. */
export interface Checkpoints {
  get(name: string): number | undefined;
  set(name: string, position: number): void;
  reset(name: string): void;
  /** Only a store several nodes share: re-read what another node's reactors wrote since this one started. */
  reload?(): Promise<void>;
}

export const CHECKPOINTS = Symbol('CHECKPOINTS');

/** Checkpoints in a SQL database (the read models' SQLite file). */
export class CheckpointStore implements Checkpoints {
  private readonly sql: SqlDb;

  /** A bare better-sqlite3 connection is still accepted: the reactors were wired that way first. */
  constructor(db: SqlDb | Database.Database) {
    this.sql = 'prepare' in db ? new SqliteSqlDb(db) : db;
    this.sql.exec(
      'CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)',
    );
  }

  get(name: string): number | undefined {
    return this.sql.get<{ position: number }>('SELECT position FROM checkpoints WHERE name = ?', [
      name,
    ])?.position;
  }

  /** Call inside the same transaction as the read-model change it vouches for. */
  set(name: string, position: number): void {
    this.sql.run(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      [name, position],
    );
  }

  /** Every subscriber's checkpoint, by name: what the operator metrics report lag for. */
  all(): { name: string; position: number }[] {
    return this.sql.all('SELECT name, position FROM checkpoints ORDER BY name');
  }

  reset(name: string): void {
    this.sql.run('DELETE FROM checkpoints WHERE name = ?', [name]);
  }
}
