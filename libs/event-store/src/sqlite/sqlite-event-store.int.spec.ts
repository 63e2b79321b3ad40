import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../event-store.port';
import { eventStoreContract } from '../testing';
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
