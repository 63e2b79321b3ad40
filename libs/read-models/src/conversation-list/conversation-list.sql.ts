import type { AsyncSqlDb, SqlValue } from '@pagedesk/processing';
import type { ConversationStatus } from '../conversation-status';
import type { ConversationListFilter } from './conversation-list.types';

/** Every statement of the conversation list, and nothing else that knows its tables. */
export const CONVERSATION_LIST_TABLES = [
  { name: 'conversation_list', key: ['conversation_id'] },
  { name: 'conversation_list_agents', key: ['conversation_id', 'agent_id'] },
  { name: 'conversation_list_contacts', key: ['conversation_id', 'kind', 'value'] },
  { name: 'conversation_list_wrap_up', key: ['conversation_id', 'tag_id'] },
] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversation_list (
  conversation_id   TEXT PRIMARY KEY,
  tenant_id         TEXT NOT NULL,
  page_id           TEXT NOT NULL,
  channel           TEXT NOT NULL,
  queue             TEXT,
  customer_kind     TEXT NOT NULL,
  customer_id       TEXT NOT NULL,
  customer_name     TEXT,
  guest             INTEGER NOT NULL,
  status            TEXT NOT NULL,
  agent_id          TEXT,
  started_at        BIGINT NOT NULL,
  queued_at         BIGINT,
  first_assigned_at BIGINT,
  closed_at         BIGINT,
  wait_ms           BIGINT,
  handle_ms         BIGINT,
  customer_messages INTEGER NOT NULL,
  agent_messages    INTEGER NOT NULL,
  automatic_messages INTEGER NOT NULL,
  page_messages     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS conversation_list_newest
  ON conversation_list (tenant_id, started_at DESC, conversation_id DESC);
CREATE TABLE IF NOT EXISTS conversation_list_agents (
  conversation_id TEXT NOT NULL,
  agent_id        TEXT NOT NULL,
  tenant_id       TEXT NOT NULL,
  assigned_at     BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, agent_id)
);
CREATE INDEX IF NOT EXISTS conversation_list_by_agent
  ON conversation_list_agents (tenant_id, agent_id);
CREATE TABLE IF NOT EXISTS conversation_list_contacts (
  conversation_id TEXT NOT NULL,
  kind            TEXT NOT NULL,
  value           TEXT NOT NULL,
  shared_at       BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, kind, value)
);
CREATE TABLE IF NOT EXISTS conversation_list_wrap_up (
  conversation_id TEXT NOT NULL,
  tag_id          TEXT NOT NULL,
  label           TEXT NOT NULL,
  -- The order the agent chose: tags of a later wrap-up come after the earlier ones.
  chosen_order    INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, tag_id)
);
CREATE INDEX IF NOT EXISTS conversation_list_by_wrap_up
  ON conversation_list_wrap_up (tag_id, conversation_id);
`;

export interface ConversationRow {
  readonly conversation_id: string;
  readonly tenant_id: string;
  readonly page_id: string;
  readonly channel: string;
  readonly queue: string | null;
  readonly customer_kind: string;
  readonly customer_id: string;
  readonly customer_name: string | null;
  readonly guest: number;
  readonly status: string;
  readonly agent_id: string | null;
  readonly started_at: number;
  readonly first_assigned_at: number | null;
  readonly closed_at: number | null;
  readonly wait_ms: number | null;
  readonly handle_ms: number | null;
  readonly customer_messages: number;
  readonly agent_messages: number;
  readonly automatic_messages: number;
  readonly page_messages: number;
}

export type MessageCounter =
  'customer_messages' | 'agent_messages' | 'automatic_messages' | 'page_messages';

const ENDED = `status IN ('closed', 'expired', 'customer_ended', 'unreachable')`;

export class ConversationListSql {
  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async dropSchema(): Promise<void> {
    for (const { name } of CONVERSATION_LIST_TABLES)
      await this.db.exec(`DROP TABLE IF EXISTS ${name}`);
  }

  async insertStarted(row: {
    conversationId: string;
    tenantId: string;
    pageId: string;
    channel: string;
    customerKind: string;
    customerId: string;
    startedAt: number;
  }): Promise<void> {
    await this.db.run(
      `INSERT INTO conversation_list (conversation_id, tenant_id, page_id, channel, customer_kind,
         customer_id, guest, status, started_at, customer_messages, agent_messages, automatic_messages, page_messages)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, 0, 0, 0, 0)`,
      [
        row.conversationId,
        row.tenantId,
        row.pageId,
        row.channel,
        row.customerKind,
        row.customerId,
        row.customerKind === 'guest' ? 1 : 0,
        row.startedAt,
      ],
    );
  }

  async setCustomer(conversationId: string, kind: string, id: string): Promise<void> {
    await this.db.run(
      'UPDATE conversation_list SET customer_kind = ?, customer_id = ?, guest = ? WHERE conversation_id = ?',
      [kind, id, kind === 'guest' ? 1 : 0, conversationId],
    );
  }

  async setCustomerName(conversationId: string, name: string | null): Promise<void> {
    await this.db.run('UPDATE conversation_list SET customer_name = ? WHERE conversation_id = ?', [
      name,
      conversationId,
    ]);
  }

  async queued(conversationId: string, queue: string | null, at: number): Promise<void> {
    await this.db.run(
      `UPDATE conversation_list SET queue = ?, queued_at = coalesce(queued_at, ?),
         status = CASE WHEN ${ENDED} THEN status ELSE 'queued' END
       WHERE conversation_id = ?`,
      [queue, at, conversationId],
    );
  }

  /** Back in a queue: nobody has it now, but wait and first assignment keep their first values. */
  async requeued(conversationId: string, queue: string | null): Promise<void> {
    await this.db.run(
      `UPDATE conversation_list SET queue = ?, agent_id = NULL,
         status = CASE WHEN ${ENDED} THEN status ELSE 'queued' END
       WHERE conversation_id = ?`,
      [queue, conversationId],
    );
  }

  async assigned(conversationId: string, agentId: string, at: number): Promise<void> {
    await this.db.run(
      `UPDATE conversation_list SET agent_id = ?, status = 'assigned',
         wait_ms = coalesce(wait_ms, ? - coalesce(queued_at, started_at)),
         first_assigned_at = coalesce(first_assigned_at, ?)
       WHERE conversation_id = ?`,
      [agentId, at, at, conversationId],
    );
    await this.db.run(
      `INSERT INTO conversation_list_agents (conversation_id, agent_id, tenant_id, assigned_at)
       SELECT conversation_id, ?, tenant_id, ? FROM conversation_list WHERE conversation_id = ?
       ON CONFLICT (conversation_id, agent_id) DO NOTHING`,
      [agentId, at, conversationId],
    );
  }

  async ended(conversationId: string, status: ConversationStatus, at: number): Promise<void> {
    await this.db.run(
      `UPDATE conversation_list SET status = ?, closed_at = ?, handle_ms = ? - first_assigned_at
       WHERE conversation_id = ?`,
      [status, at, at, conversationId],
    );
  }

  async countMessage(conversationId: string, counter: MessageCounter): Promise<void> {
    await this.db.run(
      `UPDATE conversation_list SET ${counter} = ${counter} + 1 WHERE conversation_id = ?`,
      [conversationId],
    );
  }

  async addContact(conversationId: string, kind: string, value: string, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO conversation_list_contacts (conversation_id, kind, value, shared_at)
       VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, kind, value) DO NOTHING`,
      [conversationId, kind, value, at],
    );
  }

  async addWrapUp(
    conversationId: string,
    tags: readonly { tagId: string; label: string }[],
  ): Promise<void> {
    for (const { tagId, label } of tags) {
      await this.db.run(
        `INSERT INTO conversation_list_wrap_up (conversation_id, tag_id, label, chosen_order)
         SELECT ?, ?, ?, COALESCE(MAX(chosen_order), -1) + 1 FROM conversation_list_wrap_up
         WHERE conversation_id = ?
         ON CONFLICT (conversation_id, tag_id) DO NOTHING`,
        [conversationId, tagId, label, conversationId],
      );
    }
  }

  async wrapUpsOf(
    conversationIds: readonly string[],
  ): Promise<{ conversation_id: string; tag_id: string; label: string }[]> {
    if (conversationIds.length === 0) return [];
    return this.db.all(
      `SELECT conversation_id, tag_id, label FROM conversation_list_wrap_up
       WHERE conversation_id IN (${conversationIds.map(() => '?').join(', ')})
       ORDER BY conversation_id, chosen_order`,
      conversationIds,
    );
  }

  async find(filter: ConversationListFilter): Promise<ConversationRow[]> {
    const where = ['c.tenant_id = ?'];
    const params: SqlValue[] = [filter.tenantId];
    const add = (condition: string, ...values: SqlValue[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (filter.status) add('c.status = ?', filter.status);
    if (filter.pageId) add('c.page_id = ?', filter.pageId);
    if (filter.queue) add('c.queue = ?', filter.queue);
    if (filter.from !== undefined) add('c.started_at >= ?', filter.from);
    if (filter.to !== undefined) add('c.started_at <= ?', filter.to);
    if (filter.agentId) {
      add(
        `EXISTS (SELECT 1 FROM conversation_list_agents a
          WHERE a.conversation_id = c.conversation_id AND a.agent_id = ?)`,
        filter.agentId,
      );
    }
    if (filter.wrapUpTag) {
      add(
        `EXISTS (SELECT 1 FROM conversation_list_wrap_up w
          WHERE w.conversation_id = c.conversation_id AND w.tag_id = ?)`,
        filter.wrapUpTag,
      );
    }
    if (filter.customer) {
      const pattern = `%${filter.customer.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      add(
        `(lower(c.customer_name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM conversation_list_contacts k
          WHERE k.conversation_id = c.conversation_id AND lower(k.value) LIKE ? ESCAPE '\\'))`,
        pattern,
        pattern,
      );
    }
    if (filter.after) {
      add(
        '(c.started_at < ? OR (c.started_at = ? AND c.conversation_id < ?))',
        filter.after.startedAt,
        filter.after.startedAt,
        filter.after.conversationId,
      );
    }
    return this.db.all<ConversationRow>(
      `SELECT c.* FROM conversation_list c WHERE ${where.join(' AND ')}
       ORDER BY c.started_at DESC, c.conversation_id DESC LIMIT ?`,
      [...params, filter.limit],
    );
  }

  async findOne(tenantId: string, conversationId: string): Promise<ConversationRow | undefined> {
    return this.db.get<ConversationRow>(
      'SELECT * FROM conversation_list WHERE tenant_id = ? AND conversation_id = ?',
      [tenantId, conversationId],
    );
  }

  async agentsOf(
    conversationIds: readonly string[],
  ): Promise<{ conversation_id: string; agent_id: string }[]> {
    if (conversationIds.length === 0) return [];
    return this.db.all(
      `SELECT conversation_id, agent_id FROM conversation_list_agents
       WHERE conversation_id IN (${conversationIds.map(() => '?').join(', ')})
       ORDER BY conversation_id, assigned_at, agent_id`,
      conversationIds,
    );
  }

  async contactsOf(
    conversationIds: readonly string[],
  ): Promise<{ conversation_id: string; kind: string; value: string }[]> {
    if (conversationIds.length === 0) return [];
    return this.db.all(
      `SELECT conversation_id, kind, value FROM conversation_list_contacts
       WHERE conversation_id IN (${conversationIds.map(() => '?').join(', ')})
       ORDER BY conversation_id, shared_at, kind, value`,
      conversationIds,
    );
  }
}
