import type { AsyncSqlDb } from '@pagedesk/processing';
import type { ConversationFacts } from './conversation-facts';

export const SERVICE_FIGURES_TABLES = [
  { name: 'service_conversations', key: ['conversation_id'] },
  { name: 'service_time_zones', key: ['tenant_id'] },
  { name: 'service_queue_targets', key: ['tenant_id', 'queue_id'] },
] as const;

/**
 * The facts are kept whole as JSON text (built by the same code from the same
 * events, so byte for byte the same on a rebuild); the columns beside them
 * are what a period query selects on.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS service_conversations (
  conversation_id TEXT PRIMARY KEY,
  tenant_id       TEXT NOT NULL,
  offered_at      BIGINT,
  waiting         INTEGER NOT NULL,
  facts           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS service_conversations_offered
  ON service_conversations (tenant_id, offered_at);
CREATE INDEX IF NOT EXISTS service_conversations_waiting
  ON service_conversations (tenant_id, waiting);
CREATE TABLE IF NOT EXISTS service_time_zones (
  tenant_id TEXT PRIMARY KEY,
  time_zone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS service_queue_targets (
  tenant_id      TEXT NOT NULL,
  queue_id       TEXT NOT NULL,
  target_seconds INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, queue_id)
);
`;

export class ServiceFiguresSql {
  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async dropSchema(): Promise<void> {
    for (const { name } of SERVICE_FIGURES_TABLES)
      await this.db.exec(`DROP TABLE IF EXISTS ${name}`);
  }

  async facts(conversationId: string): Promise<ConversationFacts | undefined> {
    const row = await this.db.get<{ facts: string }>(
      'SELECT facts FROM service_conversations WHERE conversation_id = ?',
      [conversationId],
    );
    return row && (JSON.parse(row.facts) as ConversationFacts);
  }

  async save(facts: ConversationFacts): Promise<void> {
    await this.db.run(
      `INSERT INTO service_conversations (conversation_id, tenant_id, offered_at, waiting, facts)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET offered_at = excluded.offered_at,
         waiting = excluded.waiting, facts = excluded.facts`,
      [
        facts.conversationId,
        facts.tenantId,
        facts.offeredAt,
        facts.waitingSince === null ? 0 : 1,
        JSON.stringify(facts),
      ],
    );
  }

  async setTimeZone(tenantId: string, timeZone: string): Promise<void> {
    await this.db.run(
      `INSERT INTO service_time_zones (tenant_id, time_zone) VALUES (?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET time_zone = excluded.time_zone`,
      [tenantId, timeZone],
    );
  }

  async setTarget(tenantId: string, queueId: string, seconds: number): Promise<void> {
    await this.db.run(
      `INSERT INTO service_queue_targets (tenant_id, queue_id, target_seconds) VALUES (?, ?, ?)
       ON CONFLICT (tenant_id, queue_id) DO UPDATE SET target_seconds = excluded.target_seconds`,
      [tenantId, queueId, seconds],
    );
  }

  /** Offered in [from, to), or waiting now whenever offered. */
  async forPeriod(tenantId: string, from: number, to: number): Promise<ConversationFacts[]> {
    const rows = await this.db.all<{ facts: string }>(
      `SELECT facts FROM service_conversations
       WHERE tenant_id = ? AND ((offered_at >= ? AND offered_at < ?) OR waiting = 1)
       ORDER BY conversation_id`,
      [tenantId, from, to],
    );
    return rows.map((row) => JSON.parse(row.facts) as ConversationFacts);
  }

  async timeZone(tenantId: string): Promise<string | undefined> {
    const row = await this.db.get<{ time_zone: string }>(
      'SELECT time_zone FROM service_time_zones WHERE tenant_id = ?',
      [tenantId],
    );
    return row?.time_zone;
  }

  async targets(tenantId: string): Promise<Record<string, number>> {
    const rows = await this.db.all<{ queue_id: string; target_seconds: number }>(
      'SELECT queue_id, target_seconds FROM service_queue_targets WHERE tenant_id = ? ORDER BY queue_id',
      [tenantId],
    );
    return Object.fromEntries(rows.map((r) => [r.queue_id, r.target_seconds]));
  }
}
