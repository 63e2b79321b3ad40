import type { AsyncSqlDb } from './async-sql-db';

/** Stored for a projection that has applied nothing yet: a conditional UPDATE cannot match NULL. */
const NONE = -1;

/**
 * The projections' checkpoints, in the same database as their rows (so a
 * batch and its checkpoint commit together) and in a table of their own:
 * on PostgreSQL the reactors' `checkpoints` table is in the log's schema.
 */
export class ProjectionCheckpoints {
  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(
      'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL)',
    );
  }

  async get(name: string): Promise<number | undefined> {
    const row = await this.db.get<{ position: number }>(
      'SELECT position FROM projection_checkpoints WHERE name = ?',
      [name],
    );
    return row === undefined || row.position === NONE ? undefined : row.position;
  }

  /** Every projection's checkpoint, by name. */
  async all(): Promise<{ name: string; position: number | undefined }[]> {
    const rows = await this.db.all<{ name: string; position: number }>(
      'SELECT name, position FROM projection_checkpoints ORDER BY name',
    );
    return rows.map((r) => ({
      name: r.name,
      position: r.position === NONE ? undefined : r.position,
    }));
  }

  /**
   * Makes sure the row exists (at "nothing applied"), so the conditional move
   * has a row to match; true when it had to be created.
   */
  async ensure(name: string): Promise<boolean> {
    const created = await this.db.run(
      'INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
      [name, NONE],
    );
    return created === 1;
  }

  /**
   * Moves the checkpoint from `from` to `to` if it is still at `from`; false
   * when another runner moved it. Run it as a transaction's first statement:
   * on PostgreSQL the UPDATE locks the row, so a second runner's UPDATE waits
   * for the first to commit, re-reads the row and matches nothing — one of
   * two racing batches is applied, never both.
   */
  async move(name: string, from: number | undefined, to: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position = ?',
      [to, name, from ?? NONE],
    );
    return changed === 1;
  }

  async reset(name: string): Promise<void> {
    await this.db.run('UPDATE projection_checkpoints SET position = ? WHERE name = ?', [
      NONE,
      name,
    ]);
  }
}
