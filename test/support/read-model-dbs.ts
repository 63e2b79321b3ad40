import Database from 'better-sqlite3';
import { SqliteAsyncSqlDb, type AsyncSqlDb } from '@pagedesk/processing';

/** A read-model database a spec runs against, opened fresh for each test. */
export interface ReadModelDbCase {
  readonly name: string;
  /** Once per spec file: a server to start, if any. */
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  open(): Promise<AsyncSqlDb>;
}

const sqlite = (): ReadModelDbCase => {
  const connections: Database.Database[] = [];
  return {
    name: 'SQLite',
    setUp: async () => undefined,
    tearDown: async () => {
      for (const connection of connections.splice(0)) connection.close();
    },
    open: async () => {
      const connection = new Database(':memory:');
      connections.push(connection);
      return new SqliteAsyncSqlDb(connection);
    },
  };
};

/** Every database the read models run on; a spec proven through these is proven on each. */
export const readModelDbCases = (): ReadModelDbCase[] => [sqlite()];

/**
 * Runs `body` once per database; `db()` is the current test's fresh one
 * (opened before the body's own beforeEach, closed after the test).
 */
export function describeOnReadModelDbs(
  title: string,
  body: (db: () => AsyncSqlDb, kase: ReadModelDbCase) => void,
): void {
  describe.each(readModelDbCases().map((kase) => [kase.name, kase] as const))(
    `${title} (%s)`,
    (_name, kase) => {
      let current: AsyncSqlDb | undefined;
      beforeAll(() => kase.setUp());
      afterAll(() => kase.tearDown());
      beforeEach(async () => {
        current = await kase.open();
      });
      afterEach(async () => {
        await current?.close();
        current = undefined;
      });
      body(() => current!, kase);
    },
  );
}
