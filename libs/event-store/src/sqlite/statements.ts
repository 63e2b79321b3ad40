import type Database from 'better-sqlite3';
import type { EventRow } from './schema';

const COLUMNS = 'global_position, stream_name, revision, event_id, type, data, metadata';

/** How long a commit waits for another handle's write lock before the store reports itself unavailable. */
export const LOCK_PATIENCE_MS = 5_000;

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    currentRevision: db.prepare<[string], { revision: number | null }>(
      'SELECT max(revision) AS revision FROM events WHERE stream_name = ?',
    ),
    // INDEXED BY: asked for the lowest revision, SQLite prefers walking the (stream, revision) index, a scan of the whole stream.
    revisionOfEventId: db.prepare<[string, string], { revision: number | null }>(
      'SELECT min(revision) AS revision FROM events INDEXED BY events_by_event_id WHERE stream_name = ? AND event_id = ?',
    ),
    idsFrom: db.prepare<
      [string, number, number],
      { event_id: string; revision: number; global_position: number }
    >(
      'SELECT event_id, revision, global_position FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    insert: db.prepare<[string, number, string, string, string, string]>(
      'INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    readForwards: db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readBackwards: db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    readAll: db.prepare<[number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    ),
    // One walk per type (or category) in log order, the index alone; INDEXED BY so the planner never prefers the whole log's rowid range.
    positionsOfType: db
      .prepare<[string, number, number, number], number>(
        'SELECT global_position FROM events INDEXED BY events_by_type WHERE type = ? AND global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?',
      )
      .pluck(),
    positionsOfCategory: db
      .prepare<[string, number, number, number], number>(
        'SELECT global_position FROM events INDEXED BY events_by_category WHERE category = ? AND global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?',
      )
      .pluck(),
    readRange: db.prepare<[number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE global_position >= ? AND global_position <= ? ORDER BY global_position`,
    ),
    readAt: db.prepare<[number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE global_position = ?`,
    ),
    head: db.prepare<[], { position: number | null }>(
      'SELECT max(global_position) AS position FROM events',
    ),
    ping: db.prepare('SELECT 1'),
  };
}
