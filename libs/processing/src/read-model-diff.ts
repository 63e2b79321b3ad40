import type { ReadModelTable } from './projection';
import type { AsyncSqlDb } from './async-sql-db';
import type { SqlValue } from './sql-db';

export interface ReadModelDifference {
  readonly table: string;
  /** The row's key values; the rebuilt side's when the live one has no such row. */
  readonly key: Readonly<Record<string, SqlValue>>;
  /** The first column that differs; null when the row exists on one side only. */
  readonly column: string | null;
  /** The whole rows; undefined for the side that lacks it. */
  readonly live: ReadModelRow | undefined;
  readonly rebuilt: ReadModelRow | undefined;
}

export type ReadModelRow = Readonly<Record<string, SqlValue>>;
type Row = ReadModelRow;

/**
 * The first place two copies of the same read model disagree, walking each
 * table in key order; undefined when they are identical value for value
 * (same SQL types too: 1 and '1' differ).
 */
export async function firstDifference(
  live: AsyncSqlDb,
  rebuilt: AsyncSqlDb,
  tables: readonly ReadModelTable[],
): Promise<ReadModelDifference | undefined> {
  for (const table of tables) {
    const query = `SELECT * FROM ${table.name} ORDER BY ${table.key.join(', ')}`;
    const [liveRows, rebuiltRows] = await Promise.all([
      live.all<Row>(query),
      rebuilt.all<Row>(query),
    ]);
    for (let i = 0; i < Math.max(liveRows.length, rebuiltRows.length); i++) {
      const difference = rowDifference(table, liveRows[i], rebuiltRows[i]);
      if (difference) return difference;
    }
  }
  return undefined;
}

function rowDifference(
  table: ReadModelTable,
  live: Row | undefined,
  rebuilt: Row | undefined,
): ReadModelDifference | undefined {
  const keyOf = (row: Row) => Object.fromEntries(table.key.map((k) => [k, row[k] ?? null]));
  if (!live || !rebuilt) {
    const present = (live ?? rebuilt)!;
    return { table: table.name, key: keyOf(present), column: null, live, rebuilt };
  }
  const columns = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])];
  const sameKey = table.key.every((k) => live[k] === rebuilt[k]);
  for (const column of sameKey ? columns : table.key) {
    if (live[column] !== rebuilt[column]) {
      return {
        table: table.name,
        key: keyOf(sameKey ? live : rebuilt),
        column,
        live,
        rebuilt,
      };
    }
  }
  return undefined;
}
