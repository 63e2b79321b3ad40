import { randomBytes } from 'node:crypto';
import { onDatabase, withClient } from '@pagedesk/test-support/postgres/client';
import type { AsyncSqlDb } from '@pagedesk/processing/async-sql-db';
import { PostgresAsyncSqlDb } from '@pagedesk/processing/postgres-async-sql-db';
import { asyncSqlDbContract } from '@pagedesk/processing/testing/async-sql-db.contract';

/**
 * The read-model contract through PgBouncer in transaction mode, with a
 * schema of its own: the adapter sets search_path with SET LOCAL in every
 * transaction, so it holds on whichever server connection the pooler lends
 * (docs/postgres.md, "Read models"). DEPLOY_DIRECT_URL and DEPLOY_POOLED_URL
 * come from scripts/check-deploy.ts.
 */
const direct = process.env.DEPLOY_DIRECT_URL;
const pooled = process.env.DEPLOY_POOLED_URL;
if (!direct || !pooled)
  throw new Error('run through npm run check:deploy (DEPLOY_DIRECT_URL, DEPLOY_POOLED_URL)');

let database: string;
beforeAll(async () => {
  database = `pagedesk_pooled_rm_${randomBytes(6).toString('hex')}`;
  await withClient(direct, (client) => client.query(`CREATE DATABASE ${database}`));
});

asyncSqlDbContract({
  name: 'PostgreSQL through PgBouncer (transaction mode), a schema each',
  async open() {
    const schema = `read_models_${randomBytes(4).toString('hex')}`;
    const url = onDatabase(pooled, database);
    const handles: AsyncSqlDb[] = [];
    const open = async () => {
      handles.push(await PostgresAsyncSqlDb.open(url, { schema }));
      return handles[handles.length - 1]!;
    };
    return {
      db: await open(),
      reopen: open,
      // The server ends the pooler's connections to it (a restart behind the pooler).
      async dropConnections() {
        const ended = await withClient(onDatabase(direct, database), (client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
          ),
        );
        if (ended.rowCount === 0) throw new Error('no server connection to end');
      },
      async dispose() {
        await Promise.all(handles.map((handle) => handle.close()));
      },
    };
  },
});
