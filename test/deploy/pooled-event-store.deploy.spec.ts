import { randomBytes } from 'node:crypto';
import { onDatabase, withClient } from '@pagedesk/test-support/postgres/client';
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

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `pagedesk_pooled_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  return name;
}

eventStoreContract({
  name: 'PostgreSQL through PgBouncer (transaction mode), LISTEN on DATABASE_SESSION_URL',
  async open() {
    const name = await createDatabase(direct);
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
