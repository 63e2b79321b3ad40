import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  dropStaleProjectionTables,
  openPostgresReadModels,
  prepareReadModels,
  PROJECTIONS_FILE,
  READ_MODEL_SCHEMA,
  SqliteAsyncSqlDb,
  type AsyncSqlDb,
} from '@pagedesk/processing';
import { PROJECTIONS } from '@pagedesk/read-models';
import type Database from 'better-sqlite3';

/**
 * The read models' database with their tables ready: the node's
 * projections.db (a file and connection of their own, never the local
 * indexes' read-models.db, see libs/processing read-model-db.ts), or with
 * DATABASE_URL the schema `read_models` of the shared PostgreSQL. Old copies
 * of their tables in read-models.db are dropped on the way.
 */
export async function openReadModelSql(
  dataDir: string,
  databaseUrl: string | undefined,
  local: Database.Database,
): Promise<AsyncSqlDb> {
  const db = databaseUrl
    ? await openPostgresReadModels(databaseUrl, { schema: READ_MODEL_SCHEMA })
    : SqliteAsyncSqlDb.open(join(dataDir, PROJECTIONS_FILE));
  const projections = Object.values(PROJECTIONS).map((create) => create(db));
  const stale = dropStaleProjectionTables(local, projections);
  if (stale.length > 0)
    new Logger('Projection').log(
      `dropped ${stale.length} old read-model tables from read-models.db`,
    );
  await prepareReadModels(db, projections);
  return db;
}
