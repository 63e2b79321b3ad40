import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The read-model database beside the event store. It can always be rebuilt
 * from the log, so NORMAL sync is enough: a lost last transaction is replayed
 * from the checkpoint it also rolled back.
 */
export function openReadModelDb(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
