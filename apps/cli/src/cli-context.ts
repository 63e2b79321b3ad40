import { join } from 'node:path';
import { createEventStore, loadEventStoreConfig, type EventStore } from '@pagedesk/event-store';
import {
  openPostgresReadModels,
  PROJECTIONS_FILE,
  READ_MODEL_SCHEMA,
  SqliteAsyncSqlDb,
  type AsyncSqlDb,
} from '@pagedesk/processing';

export interface CliContext {
  readonly store: EventStore;
  readonly dataDir: string;
  /** Opened on first use: audit and export never touch the read models. The server's: PostgreSQL with DATABASE_URL. */
  readModels(): Promise<AsyncSqlDb>;
  close(): Promise<void>;
}

/** The same stores the server uses, chosen by the same variables (DATA_DIR, DATABASE_URL, EVENTSTORE_CONNECTION_STRING). */
export async function openCliContext(env: NodeJS.ProcessEnv): Promise<CliContext> {
  const dataDir = env.DATA_DIR ?? './data';
  const store = await createEventStore(loadEventStoreConfig(env));
  let readModels: Promise<AsyncSqlDb> | undefined;
  const open = async (): Promise<AsyncSqlDb> => {
    if (env.DATABASE_URL)
      return openPostgresReadModels(env.DATABASE_URL, { schema: READ_MODEL_SCHEMA });
    return SqliteAsyncSqlDb.open(join(dataDir, PROJECTIONS_FILE));
  };
  return {
    store,
    dataDir,
    readModels() {
      readModels ??= open();
      return readModels;
    },
    async close() {
      await (await readModels?.catch(() => undefined))?.close();
      await store.close();
    },
  };
}

/** A usage or input problem the person at the terminal can fix: printed as one line, exit code 2. */
export class CliUsageError extends Error {}
