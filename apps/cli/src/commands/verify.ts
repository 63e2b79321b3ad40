import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@pagedesk/event-store';
import {
  firstDifference,
  PROJECTIONS_FILE,
  ProjectionCheckpoints,
  ProjectionRunner,
  SqliteAsyncSqlDb,
  type AsyncSqlDb,
  type ReadModelDifference,
} from '@pagedesk/processing';
import { PROJECTIONS, projectionNames } from '@pagedesk/read-models';

export interface VerifyResult {
  readonly projection: string;
  readonly position: number | undefined;
  readonly difference: ReadModelDifference | undefined;
}

const ATTEMPTS = 5;

/**
 * Rebuilds every projection into a fresh database up to the live one's
 * checkpoint and compares them table by table. Read-only on the live side;
 * if a running server moves the live checkpoint meanwhile, the fresh copy
 * catches up to it and the comparison is retried, inside one read
 * transaction so both sides describe the same position.
 */
export async function verify(store: EventStore, live: AsyncSqlDb): Promise<VerifyResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pagedesk-verify-'));
  const fresh = SqliteAsyncSqlDb.open(join(dir, PROJECTIONS_FILE));
  try {
    const results: VerifyResult[] = [];
    for (const name of projectionNames()) {
      const create = PROJECTIONS[name]!;
      const liveProjection = create(live);
      // A database the server never ran on has no tables yet: compare with empty ones.
      // (Created, never dropped: the live side is only read.)
      await live.transaction(async () => {
        await liveProjection.createSchema();
        await new ProjectionCheckpoints(live).createSchema();
      });
      const liveRunner = new ProjectionRunner(store, live, liveProjection);
      const freshProjection = create(fresh);
      const freshRunner = new ProjectionRunner(store, fresh, freshProjection);
      results.push(
        await compare(name, liveRunner, freshRunner, live, fresh, freshProjection.tables),
      );
    }
    return results;
  } finally {
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function compare(
  name: string,
  liveRunner: ProjectionRunner,
  freshRunner: ProjectionRunner,
  live: AsyncSqlDb,
  fresh: AsyncSqlDb,
  tables: Parameters<typeof firstDifference>[2],
): Promise<VerifyResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const target = await liveRunner.storedPosition();
    await freshRunner.catchUp({ until: target ?? 0 });
    const outcome = await live.transaction(async () => {
      // One snapshot for the checkpoint and every row (PostgreSQL's default sees each commit).
      if (live.dialect === 'postgres')
        await live.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return (await liveRunner.storedPosition()) === target
        ? { difference: await firstDifference(live, fresh, tables) }
        : undefined;
    });
    if (outcome) return { projection: name, position: target, ...outcome };
  }
  throw new Error(`${name}: the live read model kept moving; stop the server or retry`);
}

export function formatVerify(results: readonly VerifyResult[]): string {
  return `${results
    .map(({ projection, position, difference }) => {
      const at = `at position ${position ?? 0}`;
      if (!difference) return `${projection}: identical ${at}`;
      const { table, key, column, live, rebuilt } = difference;
      const where = `${table} ${JSON.stringify(key)}`;
      if (column === null) {
        return `${projection}: DIFFERENT ${at}: ${where} ${live ? 'is only in the live read model' : 'is missing from the live read model'}`;
      }
      return `${projection}: DIFFERENT ${at}: ${where} column ${column}: live ${JSON.stringify(live![column])}, rebuilt ${JSON.stringify(rebuilt![column])}`;
    })
    .join('\n')}\n`;
}
