import { AgentClient, type TestAgent } from '../agents';
import type { JsonBody } from '../auth';
import { LAST_WORD, replyTo } from './customers';
import { sleep, type Endpoint } from './live-server';

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
 * customer message it answers.
 */
export async function deskAgent(
  agent: TestAgent,
  server: Endpoint,
  accepted: Accepted,
  until: () => boolean,
): Promise<void> {
  let client: AgentClient | undefined;
  let connectedTo: string | null = null;
  while (!until()) {
    const url = server.url;
    try {
      if (!url) throw new Error('server down');
      if (!client?.socket.connected || connectedTo !== url) {
        client?.close();
        client = await AgentClient.connect(url, agent.token);
        connectedTo = url;
        await expectOk(client.request('agent:status', { status: 'ready' }));
      }
      const sync = await expectOk(client.request('sync', {}));
      for (const offer of sync.offers) {
        await client.request('chat:accept', { conversationId: offer.conversationId });
      }
      for (const chat of sync.chats) await serve(client, chat, accepted);
    } catch {
      // Killed mid-request or not up yet: the next round reconnects and starts again from sync.
    }
    await sleep(150);
  }
  client?.close();
}

async function serve(client: AgentClient, chat: JsonBody, accepted: Accepted): Promise<void> {
  const { conversationId } = chat;
  const messages: JsonBody[] = chat.events
    .filter((e: JsonBody) => e.name === 'chat:message')
    .map((e: JsonBody) => e.payload);
  const answered = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
  for (const m of messages.filter((m) => m.author === 'customer')) {
    const clientMessageId = `re-${m.messageId}`;
    if (answered.has(clientMessageId) || accepted.sent(conversationId, clientMessageId)) continue;
    await expectOk(
      client.request('chat:send', { conversationId, clientMessageId, text: replyTo(m.text) }),
    );
    accepted.send(conversationId, clientMessageId);
  }
  const last = messages.filter((m) => m.author === 'customer').at(-1);
  if (last?.text?.endsWith(LAST_WORD) && !accepted.closed.has(conversationId)) {
    await expectOk(client.request('chat:close', { conversationId }));
    accepted.closed.add(conversationId);
  }
}

async function expectOk(ack: Promise<JsonBody>): Promise<JsonBody> {
  const answer = await ack;
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer;
}
