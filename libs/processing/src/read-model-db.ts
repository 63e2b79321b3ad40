import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The node's two SQLite files in DATA_DIR. The synchronous node-local indexes
 * (outbox, lifecycle schedule, page activity, blob uses) and their checkpoints
 * stay in read-models.db; the asynchronous read models and their checkpoints
 * have projections.db to themselves. A projection's transaction stays open
 * across awaits: on a shared connection a local-index write made meanwhile
 * would join it and be rolled back with a failed batch (an acknowledged
 * message's outbox row lost until a restart). Two files, two connections and
 * two write locks keep the two apart.
 */
export const LOCAL_INDEX_FILE = 'read-models.db';
export const PROJECTIONS_FILE = 'projections.db';

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
