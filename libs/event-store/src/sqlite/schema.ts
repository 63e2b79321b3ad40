import type Database from 'better-sqlite3';

/**
 * One row per event. global_position is an AUTOINCREMENT key so positions are
 * never reused, and since writers are serialised by BEGIN IMMEDIATE a reader
 * can never see position N+1 committed before N: the global log has no gaps
 * to wait for. UNIQUE (stream_name, revision) is the last line of defence for
 * optimistic concurrency even if two processes share the file.
 */
export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_name     TEXT    NOT NULL,
  revision        INTEGER NOT NULL,
  event_id        TEXT    NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  UNIQUE (stream_name, revision)
);
CREATE INDEX IF NOT EXISTS events_by_event_id ON events (stream_name, event_id);
`;

/**
 * Version 1: filtered reads. A virtual column for the stream's category
 * (computed, so appends and older releases writing the file are unaffected)
 * and indexes on type and category in log order, so a reader that wants a
 * few kinds of events walks only those, never the inbox bodies beside them.
 * Files written before it get both on first open (one pass over the table).
 */
const MIGRATIONS: readonly string[] = [
  `ALTER TABLE events ADD COLUMN category TEXT
     GENERATED ALWAYS AS (substr(stream_name, 1, instr(stream_name, '-') - 1)) VIRTUAL;
   CREATE INDEX events_by_type ON events (type, global_position);
   CREATE INDEX events_by_category ON events (category, global_position);`,
];

export function migrateEventStore(db: Database.Database): void {
  db.exec(EVENT_STORE_SCHEMA);
  const versionNow = () => db.pragma('user_version', { simple: true }) as number;
  if (versionNow() >= MIGRATIONS.length) return;
  // Read again under the write lock: another handle (the worker thread) may have migrated meanwhile.
  db.transaction(() => {
    for (const migration of MIGRATIONS.slice(versionNow())) db.exec(migration);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

export interface EventRow {
  readonly global_position: number;
  readonly stream_name: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}
