import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import type Database from 'better-sqlite3';
import { READ_MODEL_DB } from '../../apps/chat-server/src/read-models/read-model-db.module';

/** What the server wrote since the counter was attached or last taken. */
export interface Writes {
  /** Appends per stream category (`conversation`, `customer`, `inbox`...). */
  readonly appends: Record<string, number>;
  /** The same appends by what they held (`conversation: ConversationStarted+ConversationQueued`), for the record. */
  readonly shapes: Record<string, number>;
  /** Rows inserted, updated or deleted per table of read-models.db (node-local indexes and their checkpoints; projections.db is not counted). */
  readonly rows: Record<string, number>;
  /** Checkpoint writes per reactor or projection name. */
  readonly checkpoints: Record<string, number>;
  /** Stream reads (readStream: a command's or a lookup's tail read) per stream category, though no write. */
  readonly reads: Record<string, number>;
}

const categoryOf = (streamName: string) => streamName.slice(0, streamName.indexOf('-'));
const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/**
 * Counts the writes of an in-process server (PROCESSING=inline, so every
 * write goes through this thread's store and read-models.db connection): appends
 * by wrapping the store's own instance, rows by temporary triggers on each
 * read-model table, which see every statement whatever code runs it.
 */
export class WriteCounter {
  private appends: Record<string, number> = {};
  private shapes: Record<string, number> = {};
  private reads: Record<string, number> = {};

  private constructor(private readonly db: Database.Database) {}

  static attach(app: INestApplication): WriteCounter {
    const db = app.get<Database.Database>(READ_MODEL_DB);
    const counter = new WriteCounter(db);
    const store = app.get<EventStore>(EVENT_STORE);
    const append = store.appendToStream;
    store.appendToStream = function (this: EventStore, streamName, events, options) {
      bump(counter.appends, categoryOf(streamName));
      bump(counter.shapes, `${categoryOf(streamName)}: ${events.map((e) => e.type).join('+')}`);
      return append.call(this, streamName, events, options);
    };
    const read = store.readStream;
    store.readStream = function (this: EventStore, streamName, options) {
      bump(counter.reads, categoryOf(streamName));
      return read.call(this, streamName, options);
    };
    db.exec('CREATE TEMP TABLE IF NOT EXISTS row_writes (name TEXT NOT NULL)');
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all();
    for (const { name } of tables) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        const row = op === 'DELETE' ? 'OLD' : 'NEW';
        const label = name === 'checkpoints' ? `'checkpoint:' || ${row}.name` : `'${name}'`;
        db.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS "count_${name}_${op}" AFTER ${op} ON main."${name}"
           BEGIN INSERT INTO row_writes VALUES (${label}); END`,
        );
      }
    }
    return counter;
  }

  /** What was written since the last take, and starts counting again. */
  take(): Writes {
    const rows: Record<string, number> = {};
    const checkpoints: Record<string, number> = {};
    const counted = this.db
      .prepare<[], { name: string; n: number }>(
        'SELECT name, count(*) AS n FROM temp.row_writes GROUP BY name',
      )
      .all();
    for (const { name, n } of counted) {
      if (name.startsWith('checkpoint:')) bump(checkpoints, name.slice('checkpoint:'.length), n);
      else bump(rows, name, n);
    }
    this.db.exec('DELETE FROM temp.row_writes');
    const { appends, shapes, reads } = this;
    this.appends = {};
    this.shapes = {};
    this.reads = {};
    return { appends, shapes, rows, checkpoints, reads };
  }
}
