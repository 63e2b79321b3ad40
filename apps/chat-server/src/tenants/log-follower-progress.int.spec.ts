import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventStore } from '@pagedesk/event-store';
import { EsdbEventStore } from '@pagedesk/event-store/esdb/esdb-event-store';
import { testEvents } from '@pagedesk/event-store/testing/events';
import { EsdbStandin } from '@pagedesk/test-support/esdb-standin';
import { LogFollower } from './log-follower';

type Opened = { store: EventStore; close(): Promise<void> };

const stores: [string, () => Promise<Opened>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pagedesk-follower-'));
      const store = await SqliteEventStore.open(join(dir, 'events.db'));
      return {
        store,
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'EventStoreDB stand-in',
    async () => {
      const standin = await EsdbStandin.start({ batchAppend: true });
      const store = await EsdbEventStore.connect(standin.connectionString);
      return {
        store,
        close: async () => {
          await store.close();
          await standin.stop();
        },
      };
    },
  ],
];

/**
 * A follower reads only its own events, yet a writer waiting for a position
 * among the events it leaves out (the inbound reactor waiting for the page
 * directory to reach a delivery) must not wait for the store's next
 * checkpoint, which EventStoreDB sends only every so many left-out events.
 */
describe.each(stores)('LogFollower on %s', (_name, open) => {
  let opened: Opened;
  let follower: LogFollower;
  const applied: string[] = [];

  beforeEach(async () => {
    opened = await open();
    applied.length = 0;
    follower = new LogFollower(
      opened.store,
      { categories: ['page'] },
      () => true,
      (e) => void applied.push(e.type),
    );
  });
  afterEach(async () => {
    await follower.stop();
    await opened.close();
  });

  it('reaches a position among left-out events at once, and one of its own events only once applied', async () => {
    await opened.store.appendToStream('page-1', testEvents(1, 'PageConnected'), {
      expectedRevision: 'no_stream',
    });
    await follower.start();
    const delivery = await opened.store.appendToStream('inbox-1', testEvents(3, 'Delivery'), {
      expectedRevision: 'no_stream',
    });
    await follower.waitFor(delivery.globalPosition);
    expect(applied).toEqual(['PageConnected']);

    const page = await opened.store.appendToStream('page-1', testEvents(1, 'PageSettingsChanged'), {
      expectedRevision: 0,
    });
    const after = await opened.store.appendToStream('inbox-1', testEvents(1, 'Delivery'), {
      expectedRevision: 2,
    });
    await follower.waitFor(after.globalPosition);
    expect(applied).toEqual(['PageConnected', 'PageSettingsChanged']);
    expect(page.globalPosition).toBeLessThan(after.globalPosition);
  });
});
