import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { ROUTING_LEASE } from './lease';
import { PgLease } from './pg-lease';
import { RowLease } from './row-lease';
import { endLockSessions, leaseContract } from './testing/lease.contract';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const database = async () => {
  const url = await server.createDatabase();
  return { url, adminUrl: url };
};

leaseContract(
  {
    name: 'session advisory lock',
    make: (url, timing) => new PgLease(url, ROUTING_LEASE, timing),
    // PostgreSQL frees the lock as the session ends: the standby's next attempt gets it.
    handoverAfterDeathMs: (timing) => 2 * timing.renewMs,
    keepsThroughCut: false,
    serverGivesUpOnSilentHolder: endLockSessions,
  },
  database,
);

leaseContract(
  {
    name: 'lease row with a TTL',
    make: (url, timing) => new RowLease(url, ROUTING_LEASE, timing),
    handoverAfterDeathMs: (timing) => timing.ttlMs + 2 * timing.renewMs,
    keepsThroughCut: true,
    serverGivesUpOnSilentHolder: async () => undefined,
  },
  database,
);
