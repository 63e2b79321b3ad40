import type { AgentMessageFailed } from '@pagedesk/conversation';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type Database from 'better-sqlite3';
import { conversationIdOf } from '../conversation-state';

const REQUESTED = new Set([
  'AgentMessageRequested',
  'AutomaticMessageRequested',
  'AgentReactionRequested',
]);
const OUTCOMES = new Set([
  'AgentMessageSent',
  'AgentMessageFailed',
  'AgentReactionSent',
  'AgentReactionFailed',
]);
const SENT = new Set(['AgentMessageSent', 'AgentReactionSent']);

/**
 * Which conversations have messages still to deliver: a read model of the
 * log, so it is rebuilt like any other and never the source of truth. It only
 * spares a restart from scanning every conversation; what to send, in which
 * order and when to retry is read from each conversation's own events.
 */
export class OutboxIndex {
  private readonly insert: Database.Statement<[string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly conversations: Database.Statement<[], { conversationId: string }>;
  private readonly count: Database.Statement<[], { pending: number }>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS outbox_pending (
      message_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, position INTEGER NOT NULL)`);
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO outbox_pending (message_id, conversation_id, position) VALUES (?, ?, ?)',
    );
    this.remove = db.prepare('DELETE FROM outbox_pending WHERE message_id = ?');
    this.conversations = db.prepare(
      `SELECT conversation_id AS conversationId FROM outbox_pending
       GROUP BY conversation_id ORDER BY min(position)`,
    );
    this.count = db.prepare('SELECT count(*) AS pending FROM outbox_pending');
  }

  static readonly FILTER: EventFilter = {
    types: [...REQUESTED, ...OUTCOMES],
    categories: ['conversation'],
  };

  accepts(event: RecordedEvent): boolean {
    return REQUESTED.has(event.type) || OUTCOMES.has(event.type);
  }

  /** Idempotent, so replay after a crash is harmless; returns the conversation with new work. */
  apply(event: RecordedEvent): string | undefined {
    // A reaction's id is unique in the log too (libs/conversation agentReactionId).
    const messageId = String(event.data.messageId ?? event.data.reactionId);
    if (REQUESTED.has(event.type)) {
      const conversationId = conversationIdOf(event.streamName);
      this.insert.run(messageId, conversationId, event.globalPosition);
      return conversationId;
    }
    const final =
      SENT.has(event.type) || (event.data as unknown as AgentMessageFailed['data']).permanent;
    if (final) this.remove.run(messageId);
    return undefined;
  }

  /** Oldest work first, so a restart resumes the longest-waiting customers first. */
  pendingConversations(): string[] {
    return this.conversations.all().map((row) => row.conversationId);
  }

  pending(): number {
    return this.count.get()?.pending ?? 0;
  }
}
