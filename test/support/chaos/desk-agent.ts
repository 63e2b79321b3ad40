import { AgentClient, type TestAgent } from '../agents';
import type { JsonBody } from '../auth';
import { LAST_WORD, replyTo } from './customers';
import { sleep, type Endpoint } from './live-server';
import { seenOn, type ResyncCheck, type SeenMessages } from './resync';

/** What the agents were told succeeded: the only things the log is held to. */
export class Accepted {
  /** Per conversation, the clientMessageIds of acknowledged `chat:send`s, in the order acknowledged. */
  readonly sends = new Map<string, string[]>();
  readonly closed = new Set<string>();

  send(conversationId: string, clientMessageId: string): void {
    const list = this.sends.get(conversationId) ?? [];
    if (!list.includes(clientMessageId)) list.push(clientMessageId);
    this.sends.set(conversationId, list);
  }

  sent(conversationId: string, clientMessageId: string): boolean {
    return this.sends.get(conversationId)?.includes(clientMessageId) ?? false;
  }
}

/**
 * An agent at a desk that survives server crashes: it reconnects to whichever
 * process is up, goes ready, and works from `sync` alone (accept offers, answer
 * every customer message, close once the customer said bye). A send whose ack
 * never came is sent again with the same clientMessageId, derived from the
 * customer message it answers. With a `resync` check, the first `sync` after
 * each move to another connection is held against what the desk had before.
 */
export async function deskAgent(
  agent: TestAgent,
  server: Endpoint,
  accepted: Accepted,
  until: () => boolean,
  resync?: ResyncCheck,
): Promise<void> {
  let client: AgentClient | undefined;
  let connectedTo: string | null = null;
  let lastSync: JsonBody | undefined;
  /** What the desk had on connections since its last compared sync. */
  let before: SeenMessages | undefined;
  const mine: Desk = { sends: new Map(), closing: new Set() };
  while (!until()) {
    const url = server.url;
    try {
      if (!url) throw new Error('server down');
      if (!client?.socket.connected || connectedTo !== url) {
        if (client) before = merged(before, seenOn(client, lastSync));
        client?.close();
        lastSync = undefined;
        client = await AgentClient.connect(url, agent.token);
        connectedTo = url;
        await expectOk(client.request('agent:status', { status: 'ready' }));
      }
      const sync = await expectOk(client.request('sync', {}));
      if (before && resync) {
        await resync.compare(agent.userId, before, mine.sends, mine.closing, client, sync);
      }
      before = undefined;
      lastSync = sync;
      resync?.synced(agent.userId, sync);
      for (const offer of sync.offers) {
        await client.request('chat:accept', { conversationId: offer.conversationId });
      }
      for (const chat of sync.chats) await serve(client, chat, accepted, mine);
    } catch {
      // Killed mid-request or not up yet: the next round reconnects and starts again from sync.
    }
    await sleep(150);
  }
  client?.close();
}

/** This desk's own acknowledged sends (conversation → messageIds) and the chats it asked to close. */
interface Desk {
  readonly sends: Map<string, string[]>;
  readonly closing: Set<string>;
}

function merged(a: SeenMessages | undefined, b: SeenMessages): SeenMessages {
  const all: SeenMessages = new Map([...(a ?? [])].map(([id, m]) => [id, new Map(m)]));
  for (const [id, messages] of b) {
    const mine = all.get(id) ?? new Map<string, number>();
    messages.forEach((position, messageId) => mine.set(messageId, position));
    all.set(id, mine);
  }
  return all;
}

async function serve(
  client: AgentClient,
  chat: JsonBody,
  accepted: Accepted,
  desk: Desk,
): Promise<void> {
  const { conversationId } = chat;
  const messages: JsonBody[] = chat.events
    .filter((e: JsonBody) => e.name === 'chat:message')
    .map((e: JsonBody) => e.payload);
  const answered = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
  for (const m of messages.filter((m) => m.author === 'customer')) {
    const clientMessageId = `re-${m.messageId}`;
    if (answered.has(clientMessageId) || accepted.sent(conversationId, clientMessageId)) continue;
    const sent = await expectOk(
      client.request('chat:send', { conversationId, clientMessageId, text: replyTo(m.text) }),
    );
    accepted.send(conversationId, clientMessageId);
    desk.sends.set(conversationId, [...(desk.sends.get(conversationId) ?? []), sent.messageId]);
  }
  const last = messages.filter((m) => m.author === 'customer').at(-1);
  if (last?.text?.endsWith(LAST_WORD) && !accepted.closed.has(conversationId)) {
    desk.closing.add(conversationId);
    await expectOk(client.request('chat:close', { conversationId }));
    accepted.closed.add(conversationId);
  }
}

async function expectOk(ack: Promise<JsonBody>): Promise<JsonBody> {
  const answer = await ack;
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer;
}
