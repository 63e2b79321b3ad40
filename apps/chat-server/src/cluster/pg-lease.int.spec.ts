import { Client } from 'pg';
import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { ROUTING_LEASE } from './lease';
import { PgLease } from './pg-lease';

let server: TestPostgres;
let url: string;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** Resolves with the time it took once `held` says so; a deadline, not a synchronisation. */
async function heldWithin(lease: PgLease, held: boolean, limitMs: number): Promise<number> {
  const since = Date.now();
  while (lease.held !== held) {
    if (Date.now() - since > limitMs) throw new Error(`lease still ${!held ? 'held' : 'free'}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - since;
}

/** What a SIGKILLed process leaves behind: the server sees its connection end. */
async function killHolder(): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(
    `SELECT pg_terminate_backend(pid) FROM pg_locks
      WHERE locktype = 'advisory' AND objid = $1 AND granted`,
    [ROUTING_LEASE.key],
  );
  await admin.end();
}

const quiet = { trouble: () => undefined };

describe('PgLease', () => {
  it('is held by one node at a time and passes to the standby within about a second of the holder dying', async () => {
    const first = new PgLease(url, ROUTING_LEASE);
    const second = new PgLease(url, ROUTING_LEASE);
    first.start({ ...quiet, changed: () => undefined });
    await heldWithin(first, true, 5_000);
    second.start({ ...quiet, changed: () => undefined });
    // Two or three of its one-second attempts: it must still be a standby.
    await expect(heldWithin(second, true, 2_500)).rejects.toThrow('still free');

    await killHolder();
    // The process is gone: nothing of it asks for the lease again.
    await first.stop();
    const handover = await heldWithin(second, true, 3_000);
    process.stdout.write(`PgLease: standby took the lease ${handover} ms after the holder died\n`);
    expect(handover).toBeLessThan(1_500);
    await second.stop();
  }, 30_000);

  it('tells a holder whose connection died that it may no longer act', async () => {
    const changes: boolean[] = [];
    const lease = new PgLease(url, ROUTING_LEASE);
    lease.start({ ...quiet, changed: (held) => changes.push(held) });
    await heldWithin(lease, true, 5_000);
    await killHolder();
    await heldWithin(lease, false, 1_500);
    expect(changes.slice(0, 2)).toEqual([true, false]);
    await lease.stop();
  }, 30_000);
});
