import type { ExpiryRule } from '@pagedesk/conversation';
import type { ScheduledExpiry } from '@pagedesk/lifecycle';
import type Database from 'better-sqlite3';

/** An entry and the log position of the latest event that moved it. */
export interface Scheduled {
  readonly entry: ScheduledExpiry;
  readonly position: number;
}

interface Row {
  conversationId: string;
  pageId: string;
  offered: number;
  withoutTagRule: ExpiryRule;
  withoutTagAt: number;
  withTagRule: ExpiryRule;
  withTagAt: number;
  position: number;
}

const COLUMNS = `conversation_id AS conversationId, page_id AS pageId, offered,
  without_tag_rule AS withoutTagRule, without_tag_at AS withoutTagAt,
  with_tag_rule AS withTagRule, with_tag_at AS withTagAt, position`;

const scheduledOf = (row: Row): Scheduled => ({
  entry: {
    conversationId: row.conversationId,
    pageId: row.pageId,
    offered: row.offered === 1,
    withoutTag: { rule: row.withoutTagRule, at: row.withoutTagAt },
    withTag: { rule: row.withTagRule, at: row.withTagAt },
  },
  position: row.position,
});

/**
 * One row per live conversation with its deadlines, in read-models.db. A read
 * model of the log (drop it with the `lifecycle-schedule` checkpoint and it is
 * rebuilt), so deadlines survive restarts without any timer being remembered.
 *
 * Written per batch, not per event: put() keeps the conversation's latest
 * entry in memory and flush() writes each changed conversation once, in one
 * transaction, before the reactor's checkpoint passes the events (so a crash
 * only means they are seen again). The scheduler reads through flush(), so it
 * never acts on less than what was put.
 */
export class LifecycleIndex {
  private readonly unsaved = new Map<string, { entry: ScheduledExpiry | null; position: number }>();
  private readonly save: () => void;
  private readonly upsert: Database.Statement<Row>;
  private readonly remove: Database.Statement<[string]>;
  private readonly nearingStatement: Database.Statement<[number], Row>;
  private readonly waitingStatement: Database.Statement<[], Row>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS lifecycle_schedule (
      conversation_id TEXT PRIMARY KEY, page_id TEXT NOT NULL, offered INTEGER NOT NULL,
      without_tag_rule TEXT NOT NULL, without_tag_at INTEGER NOT NULL,
      with_tag_rule TEXT NOT NULL, with_tag_at INTEGER NOT NULL, position INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS lifecycle_schedule_due ON lifecycle_schedule (without_tag_at);
    CREATE INDEX IF NOT EXISTS lifecycle_schedule_waiting ON lifecycle_schedule (offered)
      WHERE offered = 0`);
    this.upsert = db.prepare(
      `INSERT INTO lifecycle_schedule VALUES (@conversationId, @pageId, @offered,
         @withoutTagRule, @withoutTagAt, @withTagRule, @withTagAt, @position)
       ON CONFLICT (conversation_id) DO UPDATE SET page_id = excluded.page_id,
         offered = excluded.offered, without_tag_rule = excluded.without_tag_rule,
         without_tag_at = excluded.without_tag_at, with_tag_rule = excluded.with_tag_rule,
         with_tag_at = excluded.with_tag_at,
         position = max(lifecycle_schedule.position, excluded.position)`,
    );
    this.remove = db.prepare('DELETE FROM lifecycle_schedule WHERE conversation_id = ?');
    // The deadline without the tag is the earlier of the two, so it bounds both.
    this.nearingStatement = db.prepare(
      `SELECT ${COLUMNS} FROM lifecycle_schedule WHERE without_tag_at <= ? ORDER BY without_tag_at`,
    );
    this.waitingStatement = db.prepare(
      `SELECT ${COLUMNS} FROM lifecycle_schedule WHERE offered = 0 ORDER BY without_tag_at`,
    );
    this.save = db.transaction(() => {
      for (const [conversationId, { entry, position }] of this.unsaved)
        this.write(conversationId, entry, position);
    });
  }

  /** Idempotent: the row becomes whatever the conversation's current state says (saved by flush). */
  put(conversationId: string, entry: ScheduledExpiry | null, position: number): void {
    const earlier = this.unsaved.get(conversationId)?.position ?? position;
    this.unsaved.set(conversationId, { entry, position: Math.max(earlier, position) });
  }

  /** Writes what was put since the last flush: one row per conversation, one transaction. */
  flush(): void {
    if (this.unsaved.size === 0) return;
    this.save();
    this.unsaved.clear();
  }

  private write(conversationId: string, entry: ScheduledExpiry | null, position: number): void {
    if (entry === null) {
      this.remove.run(conversationId);
      return;
    }
    this.upsert.run({
      conversationId,
      pageId: entry.pageId,
      offered: entry.offered ? 1 : 0,
      withoutTagRule: entry.withoutTag.rule,
      withoutTagAt: entry.withoutTag.at,
      withTagRule: entry.withTag.rule,
      withTagAt: entry.withTag.at,
      position,
    });
  }

  /** Conversations that could be due by `until` under either policy, earliest first. */
  nearing(until: number): Scheduled[] {
    this.flush();
    return this.nearingStatement.all(until).map(scheduledOf);
  }

  /** Conversations held back for working hours, oldest deadline first. */
  waiting(): Scheduled[] {
    this.flush();
    return this.waitingStatement.all().map(scheduledOf);
  }
}
