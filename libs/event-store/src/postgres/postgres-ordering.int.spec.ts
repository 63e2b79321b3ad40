import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import type { RecordedEvent, Subscription } from '../event';
import { EventStoreUnavailableError } from '../errors';
import { testEvents, uniqueStream } from '../testing/events';
import { PostgresEventStore } from './postgres-event-store';

const PROCESSES = 4;
const APPENDS = 30;
/** concurrent-writer.child.ts appends 1, 2, 3, 1, 2, 3, … events. */
const EVENTS_PER_WRITER = Array.from({ length: APPENDS }, (_, i) => 1 + (i % 3)).reduce(
  (a, b) => a + b,
);

let server: TestPostgres;
let url: string;
const stores: PostgresEventStore[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await server?.stop();
});

/** Runs concurrent-writer.child.ts to the end; resolves with the ids it saw acknowledged. */
function runWriter(): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'concurrent-writer.child.ts')],
    {
      env: { ...process.env, DATABASE_URL: url, WRITERS: '3', APPENDS: String(APPENDS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acks: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      for (const line of stdout.split('\n')) if (line.startsWith('ack ')) acks.push(line.slice(4));
      if (code === 0) resolve(acks);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

/** A subscriber on its own connections, as another node would be. */
async function subscriber(slow: boolean) {
  const store = await PostgresEventStore.connect(url);
  stores.push(store);
  const received: RecordedEvent[] = [];
  let reached: { position: number; resolve: () => void } | undefined;
  const subscription: Subscription = store.subscribeToAll(async (event) => {
    received.push(event);
    if (slow) await new Promise((r) => setImmediate(r));
    if (reached && event.globalPosition >= reached.position) reached.resolve();
  });
  return {
    received,
    subscription,
    /** Resolves once the subscriber delivered `position` (or anything after it). */
    reach(position: number): Promise<void> {
      const last = received[received.length - 1]?.globalPosition ?? 0;
      if (last >= position) return Promise.resolve();
      return new Promise((resolve) => (reached = { position, resolve }));
    },
  };
}

describe('PostgreSQL adapter: concurrent writers in several processes', () => {
  it('delivers every event exactly once and in position order to every subscriber', async () => {
    // Injected fault: every appending statement lingers a random 0-2 ms after its
    // positions were taken, so transactions commit out of position order unless
    // the store prevents it.
    const early = [await subscriber(false), await subscriber(true)];
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin
      .query(
        `
      CREATE FUNCTION test_commit_jitter() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_sleep(random() * 0.002); RETURN NULL; END $$;
      CREATE TRIGGER commit_jitter AFTER INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION test_commit_jitter();`,
      )
      .finally(() => admin.end());

    const writers = Array.from({ length: PROCESSES }, () => runWriter());
    const late = await subscriber(false);
    const acked = (await Promise.all(writers)).flat();

    const stored = await stores[0]!.readAll();
    const head = stored[stored.length - 1]!.globalPosition;
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(acked));
    expect(acked.length).toBe(PROCESSES * 3 * EVENTS_PER_WRITER);
    for (const { received, reach, subscription } of [...early, late]) {
      await reach(head);
      await subscription.stop();
      const positions = received.map((e) => e.globalPosition);
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
      expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    }
  }, 60_000);
});

describe('PostgreSQL adapter: faults', () => {
  it('reports an unreachable or refusing server as unavailable, without the password', async () => {
    const wrongPassword = new URL(url);
    wrongPassword.password = 'not-the-Secret-42';
    const refused = new URL(url);
    refused.port = '1';
    for (const target of [wrongPassword, refused]) {
      const error = await PostgresEventStore.connect(target.toString()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(`127.0.0.1:${target.port}`);
      expect((error as Error).message).not.toContain(target.password);
    }
  });

  it('keeps a subscription going when the server drops all its connections, and says so', async () => {
    const reported: string[] = [];
    const store = await PostgresEventStore.connect(url, {
      onTransientError: (message) => reported.push(message),
    });
    stores.push(store);
    const stream = uniqueStream('dropped');
    const seen: number[] = [];
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    store.subscribeToAll((event) => {
      if (event.streamName !== stream) return;
      seen.push(event.revision);
      if (seen.length === 4) done();
    });
    await store.appendToStream(stream, testEvents(2), { expectedRevision: 'no_stream' });
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin
      .query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'pagedesk' AND pid <> pg_backend_pid()`,
      )
      .finally(() => admin.end());
    // Another node's commit: only the re-established listener or the poll can tell this one.
    const other = await PostgresEventStore.connect(url);
    stores.push(other);
    await other.appendToStream(stream, testEvents(2), { expectedRevision: 1 });
    await all;
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(reported.some((m) => m.includes('listen for commits'))).toBe(true);
    for (const message of reported) expect(message).not.toContain(new URL(url).password);
  });
});
