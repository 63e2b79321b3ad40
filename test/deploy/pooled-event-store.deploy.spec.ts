import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createEventStore } from '@pagedesk/event-store/create-event-store';
import type { EventStore } from '@pagedesk/event-store/event-store.port';
import { eventStoreContract } from '@pagedesk/event-store/testing/event-store.contract';

/**
 * The event-store contract with DATABASE_URL through PgBouncer in
 * transaction mode and DATABASE_SESSION_URL straight to PostgreSQL, as
 * docs/postgres.md tells operators to configure a node behind such a
 * pooler. DEPLOY_DIRECT_URL and DEPLOY_POOLED_URL (the `postgres` database,
 * directly and through the pooler) come from scripts/check-deploy.ts.
 */
const direct = process.env.DEPLOY_DIRECT_URL;
const pooled = process.env.DEPLOY_POOLED_URL;
if (!direct || !pooled)
  throw new Error('run through npm run check:deploy (DEPLOY_DIRECT_URL, DEPLOY_POOLED_URL)');

const onDatabase = (url: string, name: string) => {
  const at = new URL(url);
  at.pathname = `/${name}`;
  return at.toString();
};

async function createDatabase(): Promise<string> {
  const name = `pagedesk_pooled_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: direct });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return name;
}

eventStoreContract({
  name: 'PostgreSQL through PgBouncer (transaction mode), LISTEN on DATABASE_SESSION_URL',
  async open() {
    const name = await createDatabase();
    const env = {
      DATABASE_URL: onDatabase(pooled, name),
      DATABASE_SESSION_URL: onDatabase(direct, name),
    };
    const open = () =>
      createEventStore({
        kind: 'postgres',
        url: env.DATABASE_URL,
        sessionUrl: env.DATABASE_SESSION_URL,
      });
    const handles: EventStore[] = [await open()];
    return {
      store: handles[0]!,
      childEnv: env,
      async reopen() {
        handles.push(await open());
        return handles[handles.length - 1]!;
      },
      async dispose() {
        await Promise.all(handles.map((handle) => handle.close()));
      },
    };
  },
});
