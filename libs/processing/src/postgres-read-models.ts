import type { AsyncSqlDb } from './async-sql-db';
import type { PostgresReadModelOptions } from './postgres-async-sql-db';

export type { PostgresReadModelOptions };

/**
 * The read models in PostgreSQL (DATABASE_URL), in `options.schema` when
 * given (created if missing). The pg client is loaded only when asked, so a
 * server on SQLite never loads it.
 */
export async function openPostgresReadModels(
  url: string,
  options: PostgresReadModelOptions = {},
): Promise<AsyncSqlDb> {
  const { PostgresAsyncSqlDb } = await import('./postgres-async-sql-db');
  return PostgresAsyncSqlDb.open(url, options);
}
