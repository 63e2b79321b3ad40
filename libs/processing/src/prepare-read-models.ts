import type { AsyncSqlDb } from './async-sql-db';
import type { Projection } from './projection';
import { ProjectionCheckpoints } from './projection-checkpoints';

/** With DATABASE_URL the read models and their checkpoints live in this schema of the log's database. */
export const READ_MODEL_SCHEMA = 'read_models';

/** Any key, as long as every process that creates read-model tables on one PostgreSQL takes the same. */
const SCHEMA_LOCK = 0x7064_726d;

/**
 * Creates the tables of these projections and their checkpoint rows, in one
 * transaction. Tables without a checkpoint row are not trusted: they are
 * dropped and rebuilt from the log (a read-models.db of a release that kept
 * the checkpoints elsewhere, or tables an interrupted reset left). On
 * PostgreSQL several nodes start at once, and two concurrent `CREATE TABLE IF
 * NOT EXISTS` of one table can fail, so they take turns on an advisory lock
 * held until commit.
 */
export async function prepareReadModels(
  db: AsyncSqlDb,
  projections: readonly Projection[],
): Promise<void> {
  const checkpoints = new ProjectionCheckpoints(db);
  await db.transaction(async () => {
    if (db.dialect === 'postgres') await db.get('SELECT pg_advisory_xact_lock(?)', [SCHEMA_LOCK]);
    await checkpoints.createSchema();
    for (const projection of projections) {
      if (await checkpoints.ensure(projection.name)) await projection.dropSchema();
      await projection.createSchema();
    }
  });
}
