import { join } from 'node:path';
import type { EventStore } from './event-store.port';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite/sqlite-event-store';
import { EsdbEventStore } from './esdb/esdb-event-store';

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string; readonly synchronous: SqliteSynchronous }
  | { readonly kind: 'esdb'; readonly connectionString: string };

/** EVENTSTORE_CONNECTION_STRING selects EventStoreDB; otherwise one SQLite file under DATA_DIR. */
export function loadEventStoreConfig(env: NodeJS.ProcessEnv): EventStoreConfig {
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim();
  if (connectionString) return { kind: 'esdb', connectionString };
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new Error(
      'SQLITE_SYNCHRONOUS must be FULL (survives power loss) or NORMAL (survives process crashes only)',
    );
  }
  return { kind: 'sqlite', file: join(env.DATA_DIR ?? './data', 'events.db'), synchronous };
}

export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open(config.file, { synchronous: config.synchronous });
    case 'esdb':
      return EsdbEventStore.connect(config.connectionString);
  }
}
