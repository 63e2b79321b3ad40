import type { AsyncSqlDb } from '@pagedesk/processing';
import type { AgentNames } from '../agent-names';
import { TranscriptSql } from './transcript.sql';
import type {
  DeliveryStatus,
  Transcript,
  TranscriptEntry,
  TranscriptEntryKind,
  TranscriptEntryType,
} from './transcript.types';

/** The read side of transcripts: scoped to one tenant, agent names resolved at read time. */
export class Transcripts {
  private readonly sql: TranscriptSql;

  constructor(
    db: AsyncSqlDb,
    private readonly agentNames: AgentNames,
  ) {
    this.sql = new TranscriptSql(db);
  }

  async get(tenantId: string, conversationId: string): Promise<Transcript | undefined> {
    const conversation = await this.sql.conversationOf(tenantId, conversationId);
    if (!conversation) return undefined;
    const [rows, editRows] = await Promise.all([
      this.sql.entries(conversationId),
      this.sql.edits(conversationId),
    ]);
    const edits = new Map<string, { text: string; editedAt: number }[]>();
    for (const edit of editRows) {
      edits.set(edit.mid, [
        ...(edits.get(edit.mid) ?? []),
        { text: edit.text, editedAt: edit.edited_at },
      ]);
    }
    const details = rows.map((row) => JSON.parse(row.details) as Record<string, unknown>);
    const agentIds = [
      ...new Set([
        ...rows.flatMap((r) => (r.agent_id === null ? [] : [r.agent_id])),
        ...details.flatMap((d) => (typeof d.fromAgentId === 'string' ? [d.fromAgentId] : [])),
      ]),
    ];
    const names = await this.agentNames.namesOf(tenantId, agentIds);
    // Who handed a conversation on is named like the entry's own agent.
    const withNames = (d: Record<string, unknown>) =>
      typeof d.fromAgentId === 'string'
        ? { ...d, fromAgentName: names.get(d.fromAgentId) ?? d.fromAgentId }
        : d;
    const entries = rows.map((row, index): TranscriptEntry => ({
      id: row.entry_id,
      at: row.at,
      kind: row.kind as TranscriptEntryKind,
      type: row.type as TranscriptEntryType,
      agent:
        row.agent_id === null
          ? null
          : { id: row.agent_id, name: names.get(row.agent_id) ?? row.agent_id },
      mid: row.mid,
      text: row.text,
      details: withNames(details[index]!),
      delivery: row.delivery as DeliveryStatus | null,
      failure: row.failure,
      edits: (row.mid !== null && row.kind === 'customer' && edits.get(row.mid)) || [],
      reaction:
        row.reaction === null || row.reacted_at === null
          ? null
          : { reaction: row.reaction, emoji: row.reaction_emoji, at: row.reacted_at },
    }));
    return {
      conversationId,
      tenantId,
      pageId: conversation.page_id,
      customerName: conversation.customer_name,
      entries,
    };
  }
}
