import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelDb } from './read-model-db';
import { SqliteAsyncSqlDb } from './sqlite-async-sql-db';
import { asyncSqlDbContract } from './testing/async-sql-db.contract';

/** The default adapter under the same contract as PostgreSQL's: a file of its own per test. */
asyncSqlDbContract({
  name: 'SQLite (better-sqlite3, a projections.db file)',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'pagedesk-async-sql-'));
    const file = join(dir, 'projections.db');
    const handles: SqliteAsyncSqlDb[] = [];
    const open = () => {
      handles.push(new SqliteAsyncSqlDb(openReadModelDb(file)));
      return handles[handles.length - 1]!;
    };
    return {
      db: open(),
      reopen: async () => open(),
      // A file in the process: no connection for the database to end.
      dropConnections: async () => undefined,
      async dispose() {
        for (const handle of handles.splice(0)) {
          await handle.close();
          handle.connection.close();
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite adapter: transactions queued together', () => {
  let dir: string;
  let db: SqliteAsyncSqlDb;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-async-sql-'));
    db = SqliteAsyncSqlDb.open(join(dir, 'projections.db'));
    await db.exec('CREATE TABLE items (id TEXT PRIMARY KEY)');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('share one commit (every projection after one commit of the log), one failing undoing only its own', async () => {
    const commits = jest.spyOn(db.connection, 'exec');
    const insert = (id: string) => db.run('INSERT INTO items (id) VALUES (?)', [id]);
    const results = await Promise.allSettled([
      db.transaction(() => insert('a')),
      db.transaction(async () => {
        await insert('b');
        throw new Error('b failed');
      }),
      db.transaction(() => insert('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(commits.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(1);
    expect(await db.all('SELECT id FROM items ORDER BY id')).toEqual([{ id: 'a' }, { id: 'c' }]);
  });

  it('leave no promise hooks behind: while a scope is tracked, every promise of the thread pays for it', () => {
    // In a process of its own: jest's environment tracks promises already. A promise gets an
    // async id of its own only while some hook tracks promises. From Node 24 an AsyncLocalStorage
    // keeps its scope without promise hooks (\`hooks\` is then false): nothing is paid to begin with.
    const script = `
      const { AsyncLocalStorage, executionAsyncId } = require('node:async_hooks');
      const { SqliteAsyncSqlDb } = require(process.env.ADAPTER);
      const tracked = async () =>
        (await Promise.resolve().then(executionAsyncId)) !== (await Promise.resolve().then(executionAsyncId));
      (async () => {
        const probe = new AsyncLocalStorage();
        const hooks = await probe.run(true, tracked);
        probe.disable();
        const db = SqliteAsyncSqlDb.open(process.env.DB_FILE);
        await db.exec('CREATE TABLE items (id TEXT PRIMARY KEY)');
        const before = await tracked();
        const during = await db.transaction(async () => {
          await db.transaction(() => db.run('INSERT INTO items (id) VALUES (?)', ['a']));
          return tracked();
        });
        const after = await tracked();
        const rows = await db.all('SELECT id FROM items');
        await db.close();
        process.stdout.write(JSON.stringify({ hooks, before, during, after, rows }));
      })();`;
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      env: {
        ...process.env,
        ADAPTER: join(__dirname, 'sqlite-async-sql-db.ts'),
        DB_FILE: join(dir, 'hooks.db'),
      },
      encoding: 'utf8',
    });
    const seen = JSON.parse(output) as { hooks: boolean };
    // Node 20 (CI's) tracks promises while a scope is open; the store must not leave that on.
    expect(seen.hooks).toBe(Number(process.versions.node.split('.')[0]) < 24);
    expect(seen).toEqual({
      hooks: seen.hooks,
      before: false,
      during: seen.hooks,
      after: false,
      rows: [{ id: 'a' }],
    });
  }, 60_000);
});
