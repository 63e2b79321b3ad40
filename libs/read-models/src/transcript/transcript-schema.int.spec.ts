import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAsyncSqlDb } from '@pagedesk/processing';
import { TranscriptSql } from './transcript.sql';

/**
 * Every message writes a transcript entry, so each index on the entries is a
 * B-tree more in every commit of the processing worker (BENCHMARKS.md,
 * session 12). A node upgraded in place must not keep paying for the two an
 * earlier release created.
 */
describe('transcript schema on a projections.db from an earlier release', () => {
  let dir: string;
  let db: SqliteAsyncSqlDb;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-transcript-schema-'));
    db = SqliteAsyncSqlDb.open(join(dir, 'projections.db'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const indexesOfEntries = () =>
    db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transcript_entries' ORDER BY name",
    );

  it('drops the old indexes and keeps the entries, which read back in order', async () => {
    const sql = new TranscriptSql(db);
    await sql.createSchema();
    await db.exec(`
      CREATE INDEX transcript_entries_in_order ON transcript_entries (conversation_id, at, position);
      CREATE INDEX transcript_entries_by_mid ON transcript_entries (conversation_id, mid);`);
    const entry = { conversationId: 'c1', kind: 'customer', type: 'message', details: {} };
    await sql.insertEntry({ ...entry, entryId: 'mid:m2', position: 2, at: 20, mid: 'm2' });
    await sql.insertEntry({ ...entry, entryId: 'mid:m1', position: 1, at: 10, mid: 'm1' });

    await sql.createSchema();

    // Only the primary key's own index is left.
    expect(await indexesOfEntries()).toEqual([{ name: 'sqlite_autoindex_transcript_entries_1' }]);
    expect((await sql.entries('c1')).map((e) => e.entry_id)).toEqual(['mid:m1', 'mid:m2']);
  });
});
