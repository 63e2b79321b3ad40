import Database from 'better-sqlite3';
import { openPostgresReadModels, SqliteAsyncSqlDb, type AsyncSqlDb } from '@pagedesk/processing';
import { startTestPostgres, type TestPostgres } from './postgres';

/** A read-model database a spec runs against, opened fresh for each test. */
export interface ReadModelDbCase {
  readonly name: string;
  /** Once per spec file: a server to start, if any. */
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  open(): Promise<AsyncSqlDb>;
  /** Another connection to the database `open` returned last: only a server can be shared. */
  readonly openAgain?: () => Promise<AsyncSqlDb>;
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

/**
 * One server per spec file (embedded, or POSTGRES_TEST_URL), one database on
 * it, and a schema of its own for each test: as fresh as SQLite's memory, at
 * the cost of one start per file.
 */
const postgres = (): ReadModelDbCase => {
  let server: TestPostgres | undefined;
  let url = '';
  let schema = '';
  let schemas = 0;
  const connect = () => openPostgresReadModels(url, { schema, poolSize: 2 });
  return {
    name: 'PostgreSQL',
    setUp: async () => {
      server = await startTestPostgres();
      url = await server.createDatabase();
    },
    tearDown: async () => {
      await server?.stop();
    },
    open: () => {
      schema = `read_models_${++schemas}`;
      return connect();
    },
    openAgain: connect,
  };
};

/** Every database the read models run on; a spec proven through these is proven on each. */
export const readModelDbCases = (): ReadModelDbCase[] => [sqlite(), postgres()];

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
