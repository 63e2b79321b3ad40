/**
 * npm run bench:store — the embedded adapter against raw better-sqlite3 on
 * the same rows, same file settings (WAL, synchronous=FULL) and the same
 * number of commits, in one run. The ratio is the figure that matters: it is
 * what the port, validation, concurrency checks and group commit cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventToAppend, type EventStore } from '@pagedesk/event-store';
import { EsdbEventStore } from '@pagedesk/event-store/esdb/esdb-event-store';
import { EsdbStandin } from '../test/support/esdb-standin';
import { EVENT_STORE_SCHEMA } from '../libs/event-store/src/sqlite/schema';
import { EVENTS_PER_STREAM, WRITERS, adapterAppends, appendPlan } from './append-workload';
import { perSecond, report } from './report';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 2_000);
const TOTAL = STREAMS * EVENTS_PER_STREAM;
/** The same rows, committed WRITERS at a time: the floor that group commit could reach with zero overhead. */
function rawAppends(db: Database.Database, plan: EventToAppend[][]): number {
  const insert = db.prepare(
    'INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const rows = plan.flatMap((events, s) =>
    events.map((e, r) => [`conversation-${s}`, r, e.id, e.type, e] as const),
  );
  const commit = db.transaction((batch: typeof rows) => {
    for (const [stream, r, id, type, e] of batch)
      insert.run(stream, r, id, type, JSON.stringify(e.data), JSON.stringify(e.metadata));
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += WRITERS) commit.immediate(rows.slice(i, i + WRITERS));
  return performance.now() - start;
}

async function adapterReads(
  store: EventStore,
  streams = STREAMS,
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
  for (let s = 0; s < streams; s++) await store.readStream(`conversation-${s}`);
  return { allMs, streamsMs: performance.now() - start };
}

/**
 * The EventStoreDB adapter against the in-process stand-in: this measures our
 * adapter, the official client and loopback gRPC, not an EventStoreDB server.
 */
async function esdbStandin(): Promise<void> {
  const streams = Number(process.env.BENCH_ESDB_STREAMS ?? 400);
  const plan = appendPlan(streams);
  const total = streams * EVENTS_PER_STREAM;
  const standin = await EsdbStandin.start({ batchAppend: true });
  const store = await EsdbEventStore.connect(standin.connectionString);
  try {
    const appendMs = await adapterAppends(store, plan);
    const read = await adapterReads(store, streams);
    report('store-esdb-standin', {
      note: 'adapter + client + gRPC against an in-process stand-in, not a real server',
      events: total,
      streams,
      'concurrent writers': WRITERS,
      'adapter appends/s': perSecond(total, appendMs),
      'adapter readAll events/s': perSecond(total, read.allMs),
      'adapter readStream events/s': perSecond(total, read.streamsMs),
    });
  } finally {
    await store.close();
    await standin.stop();
  }
}

function rawReads(db: Database.Database): { allMs: number; streamsMs: number } {
  const page = db.prepare(
    'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT 1000',
  );
  const stream = db.prepare('SELECT * FROM events WHERE stream_name = ? ORDER BY revision');
  const parse = (row: { data: string; metadata: string }) => [
    JSON.parse(row.data),
    JSON.parse(row.metadata),
  ];
  let start = performance.now();
  for (let after = 0; ;) {
    const rows = page.all(after) as { global_position: number; data: string; metadata: string }[];
    if (rows.length === 0) break;
    rows.forEach(parse);
    after = rows[rows.length - 1]!.global_position;
  }
  const allMs = performance.now() - start;
  start = performance.now();
  for (let s = 0; s < STREAMS; s++)
    (stream.all(`conversation-${s}`) as { data: string; metadata: string }[]).forEach(parse);
  return { allMs, streamsMs: performance.now() - start };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-'));
  const plan = appendPlan(STREAMS);
  try {
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec(EVENT_STORE_SCHEMA);
    const rawAppendMs = rawAppends(raw, plan);
    const rawRead = rawReads(raw);
    raw.close();

    const writer = await SqliteEventStore.open(join(dir, 'events.db'));
    const appendMs = await adapterAppends(writer, plan);
    await writer.close();
    // A fresh handle reads from the file, like the raw selects, not from the writer's window of recent commits.
    const reader = await SqliteEventStore.open(join(dir, 'events.db'));
    const read = await adapterReads(reader);
    await reader.close();

    const figures = {
      events: TOTAL,
      streams: STREAMS,
      'concurrent writers': WRITERS,
      'adapter appends/s': perSecond(TOTAL, appendMs),
      'raw better-sqlite3 inserts/s': perSecond(TOTAL, rawAppendMs),
      'append ratio (adapter / raw)': perSecond(TOTAL, appendMs) / perSecond(TOTAL, rawAppendMs),
      'adapter readAll events/s': perSecond(TOTAL, read.allMs),
      'raw select events/s (global order)': perSecond(TOTAL, rawRead.allMs),
      'readAll ratio (adapter / raw)':
        perSecond(TOTAL, read.allMs) / perSecond(TOTAL, rawRead.allMs),
      'adapter readStream events/s': perSecond(TOTAL, read.streamsMs),
      'raw select events/s (per stream)': perSecond(TOTAL, rawRead.streamsMs),
      'readStream ratio (adapter / raw)':
        perSecond(TOTAL, read.streamsMs) / perSecond(TOTAL, rawRead.streamsMs),
    };
    report('store-sqlite', figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await esdbStandin();
}

void main();
