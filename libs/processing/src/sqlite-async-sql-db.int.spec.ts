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
