import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../event-store.port';
import { eventStoreContract, testEvents } from '../testing';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract({
  name: 'SQLite (embedded default)',
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-store-'));
    const file = join(dataDir, 'events.db');
    const handles: EventStore[] = [await SqliteEventStore.open(file)];
    return {
      store: handles[0]!,
      childEnv: { DATA_DIR: dataDir },
      async reopen() {
        const store = await SqliteEventStore.open(file);
        handles.push(store);
        return store;
      },
      async dispose() {
        await Promise.all(handles.map((h) => h.close()));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite adapter: another process writing to the same file', () => {
  it('delivers every event to a live subscription, whichever handle wrote it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-two-writers-'));
    const file = join(dataDir, 'events.db');
    const mine = await SqliteEventStore.open(file);
    const theirs = await SqliteEventStore.open(file);
    try {
      const seen: string[] = [];
      const all = new Promise<void>((resolve) => {
        mine.subscribeToAll((event) => {
          seen.push(`${event.streamName}:${event.revision}`);
          if (seen.length === 8) resolve();
        });
      });
      await mine.appendToStream('mine-1', testEvents(3), { expectedRevision: 'no_stream' });
      await theirs.appendToStream('theirs-1', testEvents(2), { expectedRevision: 'no_stream' });
      await mine.appendToStream('mine-1', testEvents(3), { expectedRevision: 2 });
      await all;
      expect(seen).toEqual([
        'mine-1:0',
        'mine-1:1',
        'mine-1:2',
        'theirs-1:0',
        'theirs-1:1',
        'mine-1:3',
        'mine-1:4',
        'mine-1:5',
      ]);
    } finally {
      await mine.close();
      await theirs.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
