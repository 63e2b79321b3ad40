import type { BlobUse } from '@pagedesk/outbound';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type Database from 'better-sqlite3';

const TYPES = ['AgentMessageRequested', 'AgentMessageSent', 'AgentMessageFailed'] as const;

/**
 * Which messages refer to which uploaded blob, and when each was sent or failed for good: a read
 * model of the log (rebuilt like any other, never the source of truth), so the retention sweep
 * finds the blobs old enough to judge without reading every conversation.
 */
export class BlobUses {
  private readonly insert: Database.Statement<[string, string]>;
  private readonly settle: Database.Statement<[number, string]>;
  private readonly old: Database.Statement<[number, number], { blob: string }>;
  private readonly uses: Database.Statement<
    [string],
    { messageId: string; settledAt: number | null }
  >;
  private readonly deleted: Database.Statement<[number, string]>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS blob_uses (
      message_id TEXT PRIMARY KEY, blob TEXT NOT NULL, settled_at INTEGER, deleted_at INTEGER);
      CREATE INDEX IF NOT EXISTS blob_uses_blob ON blob_uses (blob)`);
    this.insert = db.prepare('INSERT OR IGNORE INTO blob_uses (message_id, blob) VALUES (?, ?)');
    // The first outcome counts: a later echo of a message already sent changes nothing.
    this.settle = db.prepare(
      'UPDATE blob_uses SET settled_at = coalesce(settled_at, ?) WHERE message_id = ?',
    );
    this.old = db.prepare(
      `SELECT blob FROM blob_uses GROUP BY blob
       HAVING count(settled_at) = count(*) AND count(deleted_at) < count(*)
         AND max(settled_at) <= ? LIMIT ?`,
    );
    this.deleted = db.prepare(
      'UPDATE blob_uses SET deleted_at = ? WHERE blob = ? AND settled_at IS NOT NULL',
    );
    this.uses = db.prepare(
      'SELECT message_id AS messageId, settled_at AS settledAt FROM blob_uses WHERE blob = ?',
    );
  }

  static readonly FILTER: EventFilter = { types: [...TYPES], categories: ['conversation'] };

  accepts(event: RecordedEvent): boolean {
    return (TYPES as readonly string[]).includes(event.type);
  }

  /** Idempotent, so a replay after a crash is harmless. */
  apply(event: RecordedEvent): void {
    const data = event.data as Record<string, unknown>;
    const messageId = String(data.messageId);
    if (event.type === 'AgentMessageRequested') {
      const content = data.content as { kind: string; upload?: { blob: string } };
      if (content.kind === 'upload' && content.upload)
        this.insert.run(messageId, content.upload.blob);
    } else if (event.type === 'AgentMessageSent') {
      this.settle.run(Number(data.confirmedAt), messageId);
    } else if (data.permanent === true) {
      this.settle.run(Number(data.failedAt), messageId);
    }
  }

  /** Blobs still stored whose every message was settled at or before `settledBefore`: the ones worth judging. */
  settledBefore(settledBefore: number, limit: number): string[] {
    return this.old.all(settledBefore, limit).map((row) => row.blob);
  }

  of(blob: string): BlobUse[] {
    return this.uses.all(blob);
  }

  /** Its bytes are gone: judged again only if a new message uses the same bytes. */
  markDeleted(blob: string, at: number): void {
    this.deleted.run(at, blob);
  }
}
