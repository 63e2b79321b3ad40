import type { CustomerIdentityKind } from '@pagedesk/conversation';
import type { AsyncSqlDb } from '@pagedesk/processing';
import type { ConversationStatus } from '../conversation-status';
import { ConversationListSql, type ConversationRow } from './conversation-list.sql';
import type {
  ConversationCursor,
  ConversationListFilter,
  ConversationSummary,
} from './conversation-list.types';

export interface ConversationPage {
  readonly items: readonly ConversationSummary[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** The read side of the conversation list: always scoped to one tenant. */
export class ConversationList {
  private readonly sql: ConversationListSql;

  constructor(db: AsyncSqlDb) {
    this.sql = new ConversationListSql(db);
  }

  async page(filter: ConversationListFilter): Promise<ConversationPage> {
    const rows = await this.sql.find({ ...filter, limit: filter.limit + 1 });
    const items = await this.summaries(rows.slice(0, filter.limit));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ startedAt: last.startedAt, conversationId: last.conversationId })
          : null,
    };
  }

  async get(tenantId: string, conversationId: string): Promise<ConversationSummary | undefined> {
    const row = await this.sql.findOne(tenantId, conversationId);
    return row ? (await this.summaries([row]))[0] : undefined;
  }

  private async summaries(rows: readonly ConversationRow[]): Promise<ConversationSummary[]> {
    const ids = rows.map((r) => r.conversation_id);
    const [agentRows, contactRows, wrapUpRows] = await Promise.all([
      this.sql.agentsOf(ids),
      this.sql.contactsOf(ids),
      this.sql.wrapUpsOf(ids),
    ]);
    const agents = groupBy(agentRows, (a) => a.agent_id);
    const contacts = groupBy(contactRows, (c) => ({ kind: c.kind, value: c.value }));
    const wrapUps = groupBy(wrapUpRows, (w) => ({ tagId: w.tag_id, label: w.label }));
    return rows.map((row) => ({
      conversationId: row.conversation_id,
      tenantId: row.tenant_id,
      pageId: row.page_id,
      channel: row.channel,
      queue: row.queue,
      customer: {
        kind: row.customer_kind as CustomerIdentityKind,
        id: row.customer_id,
        name: row.customer_name,
        guest: row.guest === 1,
        contacts: contacts.get(row.conversation_id) ?? [],
      },
      status: row.status as ConversationStatus,
      agentId: row.agent_id,
      agentIds: agents.get(row.conversation_id) ?? [],
      startedAt: row.started_at,
      firstAssignedAt: row.first_assigned_at,
      closedAt: row.closed_at,
      waitMs: row.wait_ms,
      handleMs: row.handle_ms,
      wrapUpTags: wrapUps.get(row.conversation_id) ?? [],
      messages: {
        customer: row.customer_messages,
        agent: row.agent_messages,
        automatic: row.automatic_messages,
        page: row.page_messages,
      },
    }));
  }
}

function groupBy<Row extends { conversation_id: string }, T>(
  rows: readonly Row[],
  pick: (row: Row) => T,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.conversation_id) ?? [];
    group.push(pick(row));
    groups.set(row.conversation_id, group);
  }
  return groups;
}

/** Opaque to clients; base64url so it travels in a query string unescaped. */
export const encodeCursor = (cursor: ConversationCursor): string =>
  Buffer.from(`${cursor.startedAt}:${cursor.conversationId}`).toString('base64url');

/** Undefined when the text is not a cursor this API issued. */
export function decodeCursor(text: string): ConversationCursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d+):(\S+)$/.exec(decoded);
  return match ? { startedAt: Number(match[1]), conversationId: match[2]! } : undefined;
}
