import { join } from 'node:path';
import type { EventStore } from './event-store.port';
import {
  SqliteEventStore,
  type SqliteCheckpoints,
  type SqliteSynchronous,
} from './sqlite/sqlite-event-store';

export type EventStoreConfig =
  | {
      readonly kind: 'sqlite';
      readonly file: string;
      readonly synchronous: SqliteSynchronous;
      /** `elsewhere` for a handle that must not stall on checkpoints (the thread that acknowledges webhooks). */
      readonly checkpoints?: SqliteCheckpoints;
    }
  | { readonly kind: 'esdb'; readonly connectionString: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** A direct or session-mode connection for LISTEN, when `url` goes through transaction pooling. */
      readonly sessionUrl?: string;
    };

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

/**
 * DATABASE_URL (postgres://) selects PostgreSQL, EVENTSTORE_CONNECTION_STRING
 * EventStoreDB; otherwise one SQLite file under DATA_DIR.
 */
export function loadEventStoreConfig(env: NodeJS.ProcessEnv): EventStoreConfig {
  const databaseUrl = env.DATABASE_URL?.trim();
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim();
  if (databaseUrl) {
    if (!POSTGRES_URL.test(databaseUrl))
      throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
    if (connectionString)
      throw new Error('set DATABASE_URL or EVENTSTORE_CONNECTION_STRING, not both');
    const sessionUrl = env.DATABASE_SESSION_URL?.trim() || undefined;
    if (sessionUrl && !POSTGRES_URL.test(sessionUrl))
      throw new Error('DATABASE_SESSION_URL must be a postgres:// or postgresql:// URL');
    return { kind: 'postgres', url: databaseUrl, sessionUrl };
  }
  if (connectionString) return { kind: 'esdb', connectionString };
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new Error(
      'SQLITE_SYNCHRONOUS must be FULL (survives power loss) or NORMAL (survives process crashes only)',
    );
  }
  return { kind: 'sqlite', file: join(env.DATA_DIR ?? './data', 'events.db'), synchronous };
}

export interface EventStoreHooks {
  /** Failures a store retries by itself (a dropped connection): for the log, never with credentials. */
  readonly onTransientError?: (message: string) => void;
}

export async function createEventStore(
  config: EventStoreConfig,
  hooks: EventStoreHooks = {},
): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open(config.file, {
        synchronous: config.synchronous,
        checkpoints: config.checkpoints,
      });
    // Required only when chosen: the gRPC and pg clients are a good part of each thread's start-up.
    case 'esdb': {
      const { EsdbEventStore } = await import('./esdb/esdb-event-store');
      return EsdbEventStore.connect(config.connectionString);
    }
    case 'postgres': {
      const { PostgresEventStore } = await import('./postgres/postgres-event-store');
      return PostgresEventStore.connect(config.url, {
        onTransientError: hooks.onTransientError,
        listenUrl: config.sessionUrl,
      });
    }
  }
}
