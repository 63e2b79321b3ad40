import type Database from 'better-sqlite3';
import type { Projection } from './projection';

/**
 * Releases before projections.db kept the read models in read-models.db with
 * the node-local indexes. They are rebuilt in projections.db from the log
 * (their checkpoints are there, so nothing in the old file is read again);
 * this drops the old copies so the file keeps no dead rows. Only tables that
 * are there are dropped: a current file is not written to.
 */
export function dropStaleProjectionTables(
  local: Database.Database,
  projections: readonly Projection[],
): string[] {
  const names = [
    'projection_checkpoints',
    ...projections.flatMap((p) => p.tables.map((t) => t.name)),
  ];
  const exists = local.prepare<[string], { name: string }>(
    "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name = ?",
  );
  const stale = names.filter((name) => exists.get(name));
  if (stale.length === 0) return stale;
  local.transaction(() => {
    for (const name of stale) local.exec(`DROP TABLE IF EXISTS main."${name}"`);
  })();
  return stale;
}
