import { SqliteEventStore, type RecordedEvent } from '@pagedesk/event-store';

/** The server's whole log, read from its file by a second process (SQLite WAL allows it). */
export async function readLog(eventsDb: string): Promise<RecordedEvent[]> {
  const store = await SqliteEventStore.open(eventsDb);
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

export interface Transcript {
  readonly conversationId: string;
  readonly psid: string;
  readonly customerMids: string[];
  readonly agentClientMessageIds: string[];
  readonly sentMessageIds: Set<string>;
  readonly types: string[];
}

/** Each conversation's customer and agent messages in log order, keyed by the customer's PSID. */
export function transcripts(log: readonly RecordedEvent[]): Map<string, Transcript> {
  const byStream = new Map<string, Transcript>();
  const byPsid = new Map<string, Transcript>();
  for (const event of log) {
    if (!event.streamName.startsWith('conversation-')) continue;
    const data = event.data as Record<string, never>;
    if (event.type === 'ConversationStarted') {
      const t: Transcript = {
        conversationId: data.conversationId,
        psid: (data.customer as { id: string }).id,
        customerMids: [],
        agentClientMessageIds: [],
        sentMessageIds: new Set(),
        types: [],
      };
      byStream.set(event.streamName, t);
      byPsid.set(t.psid, t);
    }
    const t = byStream.get(event.streamName);
    if (!t) continue;
    t.types.push(event.type);
    if (event.type === 'CustomerMessageReceived') t.customerMids.push(data.mid);
    if (event.type === 'AgentMessageRequested') t.agentClientMessageIds.push(data.clientMessageId);
    if (event.type === 'AgentMessageSent') t.sentMessageIds.add(data.messageId);
  }
  return byPsid;
}

/** An agent's send the log holds as requested but with no outcome: neither sent nor given up on. */
export interface Undelivered {
  readonly conversationId: string;
  readonly messageId: string;
  readonly clientMessageId: string;
  readonly position: number;
}

/** Every agent message requested and never sent nor failed for good, in log order. */
export function undelivered(log: readonly RecordedEvent[]): Undelivered[] {
  const open = new Map<string, Undelivered>();
  for (const event of log) {
    const data = event.data as Record<string, never>;
    if (event.type === 'AgentMessageRequested') {
      open.set(data.messageId, {
        conversationId: event.streamName.slice('conversation-'.length),
        messageId: data.messageId,
        clientMessageId: data.clientMessageId,
        position: event.globalPosition,
      });
    }
    const final =
      event.type === 'AgentMessageSent' || (event.type === 'AgentMessageFailed' && data.permanent);
    if (final) open.delete(data.messageId);
  }
  return [...open.values()];
}

const ENDINGS = new Set([
  'ConversationClosedByAgent',
  'ChatEndedByCustomer',
  'ConversationExpired',
  'RecipientUnavailable',
]);

/**
 * Replays who held which conversation, event by event, and returns every
 * moment an agent held more than their capacity (empty when none did).
 */
export function capacityBreaches(
  log: readonly RecordedEvent[],
  capacityOf: (agentId: string) => number,
): string[] {
  const holder = new Map<string, string>();
  const held = new Map<string, Set<string>>();
  const release = (stream: string) => {
    const agent = holder.get(stream);
    if (agent) held.get(agent)?.delete(stream);
    holder.delete(stream);
  };
  const breaches: string[] = [];
  for (const event of log) {
    if (event.type === 'AgentAssigned') {
      const { agentId } = event.data as { agentId: string };
      release(event.streamName);
      holder.set(event.streamName, agentId);
      const chats = held.get(agentId) ?? new Set<string>();
      held.set(agentId, chats.add(event.streamName));
      if (chats.size > capacityOf(agentId)) {
        breaches.push(`${agentId} held ${chats.size} at position ${event.globalPosition}`);
      }
    } else if (event.type === 'ConversationRequeued' || ENDINGS.has(event.type)) {
      release(event.streamName);
    }
  }
  return breaches;
}
