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

export interface EventRow {
  readonly global_position: number;
  readonly stream_name: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}
