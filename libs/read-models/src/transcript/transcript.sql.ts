import type { AsyncSqlDb } from '@pagedesk/processing';

/** Every statement of the transcript read model, and nothing else that knows its tables. */
export const TRANSCRIPT_TABLES = [
  { name: 'transcript_conversations', key: ['conversation_id'] },
  { name: 'transcript_entries', key: ['conversation_id', 'entry_id'] },
  { name: 'transcript_edits', key: ['conversation_id', 'mid', 'edit_count'] },
  { name: 'transcript_delivered_mids', key: ['conversation_id', 'mid'] },
] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS transcript_conversations (
  conversation_id     TEXT PRIMARY KEY,
  tenant_id           TEXT NOT NULL,
  page_id             TEXT NOT NULL,
  customer_name       TEXT,
  delivered_watermark BIGINT NOT NULL,
  read_watermark      BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS transcript_entries (
  conversation_id TEXT NOT NULL,
  entry_id        TEXT NOT NULL,
  position        BIGINT NOT NULL,
  at              BIGINT NOT NULL,
  kind            TEXT NOT NULL,
  type            TEXT NOT NULL,
  agent_id        TEXT,
  mid             TEXT,
  text            TEXT,
  details         TEXT NOT NULL,
  delivery        TEXT,
  failure         TEXT,
  sent_at         BIGINT,
  reaction        TEXT,
  reaction_emoji  TEXT,
  reacted_at      BIGINT,
  PRIMARY KEY (conversation_id, entry_id)
);
-- No index beside the key: every entry is written once or more, at 1,000 messages a second, and
-- every index adds a B-tree keyed by random conversation ids, a page more in each commit. The
-- reads (one conversation in order, a mid's reaction, the receipts' sent messages) are of one
-- conversation: the key's prefix finds its entries, a few dozen rows to sort or filter.
-- Files from before had two; dropped here, their rows stay as they are.
DROP INDEX IF EXISTS transcript_entries_in_order;
DROP INDEX IF EXISTS transcript_entries_by_mid;
CREATE TABLE IF NOT EXISTS transcript_edits (
  conversation_id TEXT NOT NULL,
  mid             TEXT NOT NULL,
  edit_count      INTEGER NOT NULL,
  text            TEXT NOT NULL,
  edited_at       BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, mid, edit_count)
);
-- Mids a delivery receipt named, kept for messages whose confirmation arrives after the receipt.
CREATE TABLE IF NOT EXISTS transcript_delivered_mids (
  conversation_id TEXT NOT NULL,
  mid             TEXT NOT NULL,
  PRIMARY KEY (conversation_id, mid)
);
`;

export interface TranscriptConversationRow {
  readonly conversation_id: string;
  readonly tenant_id: string;
  readonly page_id: string;
  readonly customer_name: string | null;
  readonly delivered_watermark: number;
  readonly read_watermark: number;
}

export interface TranscriptEntryRow {
  readonly entry_id: string;
  readonly position: number;
  readonly at: number;
  readonly kind: string;
  readonly type: string;
  readonly agent_id: string | null;
  readonly mid: string | null;
  readonly text: string | null;
  readonly details: string;
  readonly delivery: string | null;
  readonly failure: string | null;
  readonly reaction: string | null;
  readonly reaction_emoji: string | null;
  readonly reacted_at: number | null;
}

export interface NewEntry {
  readonly conversationId: string;
  readonly entryId: string;
  readonly position: number;
  readonly at: number;
  readonly kind: string;
  readonly type: string;
  readonly agentId?: string | null;
  readonly mid?: string | null;
  readonly text?: string | null;
  readonly details: object;
  readonly delivery?: string | null;
  readonly sentAt?: number | null;
}

export class TranscriptSql {
  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async dropSchema(): Promise<void> {
    for (const { name } of TRANSCRIPT_TABLES) await this.db.exec(`DROP TABLE IF EXISTS ${name}`);
  }

  async insertConversation(
    conversationId: string,
    tenantId: string,
    pageId: string,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO transcript_conversations
         (conversation_id, tenant_id, page_id, delivered_watermark, read_watermark)
       VALUES (?, ?, ?, 0, 0)`,
      [conversationId, tenantId, pageId],
    );
  }

  async setCustomerName(conversationId: string, name: string | null): Promise<void> {
    await this.db.run(
      'UPDATE transcript_conversations SET customer_name = ? WHERE conversation_id = ?',
      [name, conversationId],
    );
  }

  async conversation(conversationId: string): Promise<TranscriptConversationRow | undefined> {
    return this.db.get('SELECT * FROM transcript_conversations WHERE conversation_id = ?', [
      conversationId,
    ]);
  }

  async insertEntry(entry: NewEntry): Promise<void> {
    await this.db.run(
      `INSERT INTO transcript_entries (conversation_id, entry_id, position, at, kind, type,
         agent_id, mid, text, details, delivery, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.conversationId,
        entry.entryId,
        entry.position,
        entry.at,
        entry.kind,
        entry.type,
        entry.agentId ?? null,
        entry.mid ?? null,
        entry.text ?? null,
        JSON.stringify(entry.details),
        entry.delivery ?? null,
        entry.sentAt ?? null,
      ],
    );
  }

  /** Facebook's send time, once known, both orders the message and is what receipts compare with. */
  async markSent(
    conversationId: string,
    entryId: string,
    mid: string,
    sentAt: number | null,
    delivery: (sentAt: number) => string,
  ): Promise<void> {
    const entry = await this.db.get<{ sent_at: number }>(
      'SELECT sent_at FROM transcript_entries WHERE conversation_id = ? AND entry_id = ?',
      [conversationId, entryId],
    );
    if (!entry) return;
    const effective = sentAt ?? entry.sent_at;
    await this.db.run(
      `UPDATE transcript_entries SET mid = ?, at = ?, sent_at = ?, delivery = ?, failure = NULL
       WHERE conversation_id = ? AND entry_id = ?`,
      [mid, effective, effective, delivery(effective), conversationId, entryId],
    );
  }

  async entryTime(conversationId: string, entryId: string): Promise<number | undefined> {
    const row = await this.db.get<{ at: number }>(
      'SELECT at FROM transcript_entries WHERE conversation_id = ? AND entry_id = ?',
      [conversationId, entryId],
    );
    return row?.at;
  }

  async markFailed(
    conversationId: string,
    entryId: string,
    reason: string,
    delivery: string,
  ): Promise<void> {
    await this.db.run(
      `UPDATE transcript_entries SET delivery = ?, failure = ?
       WHERE conversation_id = ? AND entry_id = ? AND mid IS NULL`,
      [delivery, reason, conversationId, entryId],
    );
  }

  async delivered(
    conversationId: string,
    watermark: number,
    mids: readonly string[],
  ): Promise<void> {
    await this.db.run(
      `UPDATE transcript_conversations SET delivered_watermark = CASE WHEN delivered_watermark > ? THEN delivered_watermark ELSE ? END
       WHERE conversation_id = ?`,
      [watermark, watermark, conversationId],
    );
    for (const mid of mids) {
      await this.db.run(
        `INSERT INTO transcript_delivered_mids (conversation_id, mid) VALUES (?, ?)
         ON CONFLICT (conversation_id, mid) DO NOTHING`,
        [conversationId, mid],
      );
    }
  }

  async deliveredMids(conversationId: string): Promise<Set<string>> {
    const rows = await this.db.all<{ mid: string }>(
      'SELECT mid FROM transcript_delivered_mids WHERE conversation_id = ?',
      [conversationId],
    );
    return new Set(rows.map((row) => row.mid));
  }

  /** Messages Facebook accepted whose status a receipt can still change. */
  async unreadSent(
    conversationId: string,
  ): Promise<{ entry_id: string; mid: string; sent_at: number; delivery: string }[]> {
    return this.db.all(
      `SELECT entry_id, mid, sent_at, delivery FROM transcript_entries
       WHERE conversation_id = ? AND mid IS NOT NULL AND delivery IN ('sent', 'delivered')`,
      [conversationId],
    );
  }

  async setDelivery(conversationId: string, entryId: string, delivery: string): Promise<void> {
    await this.db.run(
      'UPDATE transcript_entries SET delivery = ? WHERE conversation_id = ? AND entry_id = ?',
      [delivery, conversationId, entryId],
    );
  }

  async read(conversationId: string, watermark: number): Promise<void> {
    await this.db.run(
      `UPDATE transcript_conversations SET read_watermark = CASE WHEN read_watermark > ? THEN read_watermark ELSE ? END
       WHERE conversation_id = ?`,
      [watermark, watermark, conversationId],
    );
  }

  async addEdit(
    conversationId: string,
    mid: string,
    editCount: number,
    text: string,
    at: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO transcript_edits (conversation_id, mid, edit_count, text, edited_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id, mid, edit_count) DO NOTHING`,
      [conversationId, mid, editCount, text, at],
    );
  }

  /** Facebook may deliver reaction changes out of order: the newest by Facebook's time wins. */
  async react(
    conversationId: string,
    mid: string,
    reaction: string | null,
    emoji: string | null,
    at: number,
  ): Promise<void> {
    await this.db.run(
      `UPDATE transcript_entries SET reaction = ?, reaction_emoji = ?, reacted_at = ?
       WHERE conversation_id = ? AND mid = ? AND (reacted_at IS NULL OR reacted_at <= ?)`,
      [reaction, emoji, at, conversationId, mid, at],
    );
  }

  async conversationOf(
    tenantId: string,
    conversationId: string,
  ): Promise<TranscriptConversationRow | undefined> {
    return this.db.get(
      'SELECT * FROM transcript_conversations WHERE tenant_id = ? AND conversation_id = ?',
      [tenantId, conversationId],
    );
  }

  async entries(conversationId: string): Promise<TranscriptEntryRow[]> {
    return this.db.all(
      `SELECT entry_id, position, at, kind, type, agent_id, mid, text, details, delivery, failure,
         reaction, reaction_emoji, reacted_at
       FROM transcript_entries WHERE conversation_id = ? ORDER BY at, position, entry_id`,
      [conversationId],
    );
  }

  async edits(conversationId: string): Promise<{ mid: string; text: string; edited_at: number }[]> {
    return this.db.all(
      `SELECT mid, text, edited_at FROM transcript_edits WHERE conversation_id = ?
       ORDER BY mid, edit_count`,
      [conversationId],
    );
  }
}
