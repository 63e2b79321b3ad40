/**
 * Advisory lock keys (two-int form, classid 'pd' = 0x7064). APPEND_LOCK is
 * taken by every appending transaction and held until it commits (see
 * docs/postgres.md): positions are handed out one transaction at a time, so
 * a reader can never see position N+1 committed while N is still in flight.
 */
export const LOCK_CLASS = 0x7064;
export const APPEND_LOCK = 1;
export const SCHEMA_LOCK = 2;
/** Held by the read models' DDL (PostgresAsyncSqlDb.exec), so nodes starting at once do not race on it. */
export const READ_MODEL_DDL_LOCK = 3;

/** Channel on which each appending transaction notifies at commit; the payload is empty. */
export const COMMIT_CHANNEL = 'pagedesk_events';

/**
 * `category` and `type` are columns of their own, indexed with the position,
 * so a subscription filtered by stream category or event type is an index
 * range scan. `data` and `metadata` are `json`, not `jsonb`: the text is kept
 * exactly as written (key order, escapes) for auditors and rebuilds.
 * The identity's sequence must keep CACHE 1 (the default): with a cache each
 * connection would take positions from a range of its own, out of commit order.
 */
export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_name     text   NOT NULL,
  category        text   GENERATED ALWAYS AS (split_part(stream_name, '-', 1)) STORED,
  revision        bigint NOT NULL,
  event_id        uuid   NOT NULL,
  type            text   NOT NULL,
  data            json   NOT NULL,
  metadata        json   NOT NULL,
  UNIQUE (stream_name, revision)
);
CREATE INDEX IF NOT EXISTS events_by_event_id ON events (stream_name, event_id);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, global_position);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, global_position);

-- One append, in one round trip. Returns 'conflict' with the actual revision
-- (-1: no stream) instead of raising, so one append's conflict does not undo
-- the others committed in the same transaction (group commit).
CREATE OR REPLACE FUNCTION pagedesk_append(
  p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data text[], p_metadata text[]
) RETURNS TABLE (outcome text, out_revision bigint, out_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := cardinality(p_ids);
  v_current bigint;
  v_start   bigint;
  v_matches boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, ${APPEND_LOCK});
  SELECT coalesce(max(e.revision), -1) INTO v_current FROM events e WHERE e.stream_name = p_stream;
  IF p_expected IN ('any', 'stream_exists') THEN
    SELECT min(e.revision) INTO v_start
      FROM events e WHERE e.stream_name = p_stream AND e.event_id = p_ids[1];
    RETURN QUERY SELECT * FROM pagedesk_retried(p_stream, v_start, p_ids);
    IF FOUND THEN RETURN; END IF;
  END IF;
  v_matches := CASE p_expected
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN v_current = -1
    WHEN 'stream_exists' THEN v_current <> -1
    ELSE v_current = p_expected::bigint
  END;
  IF NOT v_matches THEN
    v_start := CASE WHEN p_expected = 'no_stream' THEN 0
                    WHEN p_expected ~ '^[0-9]+$' THEN p_expected::bigint + 1 END;
    RETURN QUERY SELECT * FROM pagedesk_retried(p_stream, v_start, p_ids);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT 'conflict'::text, v_current, NULL::bigint;
    RETURN;
  END IF;
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO events (stream_name, revision, event_id, type, data, metadata)
      SELECT p_stream, v_current + u.ord, u.id, u.t, u.d::json, u.m::json
        FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, t, d, m, ord)
       ORDER BY u.ord
      RETURNING events.global_position
    )
    SELECT 'ok'::text, v_current + v_count, max(inserted.global_position) FROM inserted;
  PERFORM pg_notify('${COMMIT_CHANNEL}', '');
END $$;

-- Every append that arrived in the same tick, in one statement (one round
-- trip, one transaction, one commit): p_counts[i] events of p_ids etc.
-- belong to append i, in order. The common batch (streams all different,
-- every expected revision met, no re-append) is checked in one query and
-- inserted in one INSERT with one notification, as a plain multi-row insert
-- would be; any other batch goes append by append through pagedesk_append.
-- Either way positions follow the order of the appends in the batch.
CREATE OR REPLACE FUNCTION pagedesk_append_batch(
  p_streams text[], p_expected text[], p_counts int[],
  p_ids uuid[], p_types text[], p_data text[], p_metadata text[]
) RETURNS TABLE (outcome text, out_revision bigint, out_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_from    int := 1;
  v_to      int;
  v_current bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, ${APPEND_LOCK});
  v_current := pagedesk_all_expected(p_streams, p_expected, p_counts, p_ids);
  IF v_current IS NOT NULL THEN
    RETURN QUERY
      WITH appends AS (
        SELECT a.stream, a.n, a.ord, v_current[a.ord::int] AS cur,
               (sum(a.n) OVER (ORDER BY a.ord) - a.n)::int AS before
          FROM unnest(p_streams, p_counts) WITH ORDINALITY AS a(stream, n, ord)
      ), inserted AS (
        INSERT INTO events (stream_name, revision, event_id, type, data, metadata)
        SELECT a.stream, a.cur + k, u.id, u.t, u.d::json, u.m::json
          FROM appends a CROSS JOIN LATERAL generate_series(1, a.n) AS k
          JOIN unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, t, d, m, j)
            ON u.j = a.before + k
         ORDER BY u.j
        RETURNING events.stream_name, events.global_position
      )
      SELECT 'ok'::text, a.cur + a.n, i.last_position
        FROM appends a
        JOIN (SELECT stream_name, max(global_position) AS last_position
                FROM inserted GROUP BY stream_name) i ON i.stream_name = a.stream
       ORDER BY a.ord;
    PERFORM pg_notify('${COMMIT_CHANNEL}', '');
    RETURN;
  END IF;
  FOR i IN 1 .. cardinality(p_streams) LOOP
    v_to := v_from + p_counts[i] - 1;
    RETURN QUERY SELECT * FROM pagedesk_append(p_streams[i], p_expected[i],
      p_ids[v_from:v_to], p_types[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to]);
    v_from := v_to + 1;
  END LOOP;
END $$;

-- Each stream's current revision (-1: no stream), in the order of p_streams,
-- when the streams are all different and every append would be taken as it
-- is by pagedesk_append: its expected revision is met, and with any or
-- stream_exists its first id is not in the stream yet (no re-append to
-- recognise). NULL otherwise.
CREATE OR REPLACE FUNCTION pagedesk_all_expected(
  p_streams text[], p_expected text[], p_counts int[], p_ids uuid[]
) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN count(DISTINCT c.stream) = count(*) AND bool_and(c.taken)
              THEN array_agg(c.cur ORDER BY c.ord) END
    FROM (
      SELECT a.ord, a.stream, a.cur,
             CASE a.expected
               WHEN 'any' THEN NOT a.seen
               WHEN 'stream_exists' THEN a.cur <> -1 AND NOT a.seen
               WHEN 'no_stream' THEN a.cur = -1
               ELSE a.cur = a.expected::bigint
             END AS taken
        FROM (
          SELECT s.ord, s.stream, s.expected,
                 coalesce((SELECT max(e.revision) FROM events e WHERE e.stream_name = s.stream), -1) AS cur,
                 CASE WHEN s.expected IN ('any', 'stream_exists') THEN EXISTS (
                   SELECT 1 FROM events e WHERE e.stream_name = s.stream AND e.event_id = p_ids[s.first])
                 ELSE false END AS seen
            FROM (SELECT u.*, (sum(u.n) OVER (ORDER BY u.ord) - u.n + 1)::int AS first
                    FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS u(stream, expected, n, ord)) s
        ) a
    ) c;
$$;

-- The same ids already stored from p_start on: the append is a retry that succeeded before.
CREATE OR REPLACE FUNCTION pagedesk_retried(p_stream text, p_start bigint, p_ids uuid[])
RETURNS TABLE (outcome text, out_revision bigint, out_position bigint)
LANGUAGE sql STABLE AS $$
  SELECT 'ok'::text, max(s.revision), max(s.global_position)
    FROM (SELECT e.revision, e.global_position, e.event_id FROM events e
           WHERE e.stream_name = p_stream AND e.revision >= p_start
           ORDER BY e.revision LIMIT cardinality(p_ids)) s
   WHERE p_start IS NOT NULL AND s.event_id = p_ids[(s.revision - p_start + 1)::int]
  HAVING count(*) = cardinality(p_ids);
$$;
`;

export interface EventRow {
  readonly global_position: string;
  readonly stream_name: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export const COLUMNS = 'global_position, stream_name, revision, event_id, type, data, metadata';
