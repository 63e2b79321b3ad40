import { FaultyLink } from '@pagedesk/test-support/postgres/faulty-link';
import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { createEventStore, loadEventStoreConfig } from '../create-event-store';
import type { EventStore } from '../event-store.port';
import { testEvent } from '../testing/events';

let server: TestPostgres;
let url: string;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/**
 * DATABASE_SESSION_URL: behind a transaction-mode pooler LISTEN hears
 * nothing, so the commit listener alone connects to this URL instead
 * (docs/postgres.md, "Managed PostgreSQL and connection poolers"). The
 * session URL here is a relay to the same server, which shows which
 * connections take it.
 */
describe('DATABASE_SESSION_URL', () => {
  const open = (session: FaultyLink, onTransientError?: (message: string) => void) =>
    createEventStore(
      loadEventStoreConfig({ DATABASE_URL: url, DATABASE_SESSION_URL: session.url }),
      { onTransientError },
    );

  it('carries the commit listener, and only it', async () => {
    const session = await FaultyLink.open(url);
    let store: EventStore | undefined;
    try {
      store = await open(session);
      await store.appendToStream('session-1', [testEvent()], {
        expectedRevision: 'no_stream',
      });
      expect(session.open).toBe(1);
    } finally {
      await store?.close();
      await session.close();
    }
  }, 30_000);

  it('a store whose session URL cannot be reached does not open', async () => {
    const session = await FaultyLink.open(url);
    session.kill();
    await expect(open(session)).rejects.toThrow();
  }, 30_000);

  it('names the session host, never its password, when the listener loses its connection', async () => {
    const session = await FaultyLink.open(url);
    const messages: string[] = [];
    const store = await open(session, (message) => messages.push(message));
    try {
      session.cut();
      const since = Date.now();
      while (messages.length === 0 && Date.now() - since < 5_000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const sessionHost = new URL(session.url).host;
      expect(messages[0]).toContain(sessionHost);
      expect(messages.join('\n')).not.toContain(new URL(url).password);
    } finally {
      await store.close();
      await session.close();
    }
  }, 30_000);
});
