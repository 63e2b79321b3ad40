import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@pagedesk/event-store';
import {
  LOCAL_INDEX_FILE,
  openReadModelDb,
  ProjectionCheckpoints,
  type AsyncSqlDb,
} from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { OutboxIndex } from '../outbound/outbox/outbox-index';
import { openReadModelSql } from './read-model-sql';

const requested: RecordedEvent = {
  id: 'e-1',
  type: 'AgentMessageRequested',
  streamName: 'conversation-c-1',
  revision: 3,
  globalPosition: 42,
  data: { messageId: 'm-1' },
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: 'agent-1',
    recordedAt: '2026-12-01T00:00:00Z',
  },
};

/**
 * The read models' asynchronous transactions and the synchronous node-local
 * indexes on one SQLite node, wired as the server wires them.
 */
describe('the read models and the node-local indexes on SQLite', () => {
  let dir: string;
  let local: Database.Database;
  let sql: AsyncSqlDb;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'h-rmfile-'));
    local = openReadModelDb(join(dir, LOCAL_INDEX_FILE));
  });
  afterEach(async () => {
    await sql?.close();
    local.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keep an acknowledged message's outbox row written while a projection batch was open and then rolled back", async () => {
    sql = await openReadModelSql(dir, undefined, local);
    const outbox = new OutboxIndex(local);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const batch = sql.transaction(async () => {
      await sql.run('UPDATE projection_checkpoints SET position = 99 WHERE name = ?', [
        'transcript',
      ]);
      opened();
      await released;
      throw new Error('projection failed');
    });
    await open;
    // The outbox reactor's continuation, between two awaits of the batch.
    expect(outbox.apply(requested)).toBe('c-1');
    release();
    await expect(batch).rejects.toThrow('projection failed');

    expect(outbox.pendingConversations()).toEqual(['c-1']);
    const reopened = openReadModelDb(join(dir, LOCAL_INDEX_FILE));
    expect(reopened.prepare('SELECT message_id FROM outbox_pending').all()).toEqual([
      { message_id: 'm-1' },
    ]);
    reopened.close();
    // The batch itself did roll back: its checkpoint is where it was.
    expect(await new ProjectionCheckpoints(sql).get('transcript')).toBeUndefined();
  });

  it('keep the read models out of read-models.db, dropping the copies an older release left there', async () => {
    local.exec(`CREATE TABLE conversation_list (conversation_id TEXT PRIMARY KEY);
      CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER);`);
    new OutboxIndex(local).apply(requested);

    sql = await openReadModelSql(dir, undefined, local);

    const tables = local
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['outbox_pending']);
    expect(existsSync(join(dir, 'projections.db'))).toBe(true);
    expect(await sql.all('SELECT conversation_id FROM conversation_list')).toEqual([]);
  });
});
