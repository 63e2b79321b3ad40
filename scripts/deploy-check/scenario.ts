import { setUpQueue } from '../../test/support/agents';
import type { JsonBody } from '../../test/support/auth';
import type { FakeGraphServer } from '../../test/support/fake-graph/fake-graph-server';
import * as fb from '../../test/support/messenger/deliveries';
import { PAGE_ID, postWebhook } from '../../test/support/messenger/webhooks';
import type { ServerProcess } from '../../test/support/server-process';
import { Desk } from './desk';
import { agentSockets, leasesRunOn } from './nodes';

export const HANDOVER_BUDGET_MS = 5_000;
const PSID = '6970001';

export interface Figures {
  webhookStatuses: number[];
  transport: string;
  handoverMs: number;
  reconnectMs: number;
  resyncedMessages: number;
  /** Whether the message written during the failover was in that sync already, or came as a push after it. */
  lateMessage: 'in sync' | 'pushed after sync';
}

/** A customer message through nginx, delivered `times` times (as Facebook retries); the statuses nginx answered. */
async function customerWrites(
  balancer: string,
  mid: string,
  text: string,
  times = 1,
): Promise<number[]> {
  const at = Date.now();
  const body = fb.delivery(PAGE_ID, fb.text(PAGE_ID, PSID, mid, text, at));
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await postWebhook(balancer, body)).status);
  if (statuses.some((s) => s !== 200))
    throw new Error(`webhook through nginx answered ${statuses}`);
  return statuses;
}

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const messagesOf = (chat: JsonBody): JsonBody[] =>
  chat.events.filter((e: JsonBody) => e.name === 'chat:message').map((e: JsonBody) => e.payload);

/** The accepted chat in a `sync`: each of `ids` once, in that order, the last one possibly pushed after it instead. */
async function gapless(desk: Desk, sync: JsonBody, conversationId: string, ids: string[]) {
  const chat = (sync.chats as JsonBody[]).find((c) => c.conversationId === conversationId);
  if (!chat) throw new Error(`the accepted chat is missing from sync at ${sync.position}`);
  const inSync = messagesOf(chat);
  const late = ids.at(-1)!;
  const pushedAfter = (id: string) =>
    desk
      .next('chat:message', (p) => p.messageId === id && p.position > sync.position)
      .then(
        () => true,
        () => false,
      );
  for (const id of ids) {
    const times = inSync.filter((m) => m.messageId === id).length;
    if (times > 1) throw new Error(`${id} appears ${times} times in sync`);
    if (times === 0 && !(id === late && (await pushedAfter(id))))
      throw new Error(`${id} missing from sync at ${sync.position} and not pushed after it`);
  }
  const positions = inSync.map((m) => m.position as number);
  if (positions.some((p, i) => i > 0 && p <= positions[i - 1]!))
    throw new Error(`sync messages out of order: ${positions}`);
  const order = inSync.map((m) => m.messageId as string).filter((id) => ids.includes(id));
  if (order.join() !== ids.slice(0, order.length).join()) throw new Error(`sync order ${order}`);
  return {
    resyncedMessages: inSync.length,
    lateMessage: order.includes(late) ? ('in sync' as const) : ('pushed after sync' as const),
  };
}

/** Up to the kill: a webhook delivered twice, the chat accepted and answered over a websocket. */
async function chatBeforeTheKill(
  balancer: string,
  nodes: { holder: ServerProcess; survivor: ServerProcess },
  graph: FakeGraphServer,
  say: (line: string) => void,
) {
  const { agents } = await setUpQueue(balancer, { agents: 1, routingMode: 'offer' });
  const agent = agents[0]!;
  const desk = await Desk.open(balancer, agent.token);
  await desk.request('agent:status', { status: 'ready' });
  say(
    `agent logged in over REST and connected socket.io through nginx; transport: ${desk.transport}`,
  );
  const sockets = [await agentSockets(nodes.holder.url), await agentSockets(nodes.survivor.url)];
  if (sockets.join() !== '1,0')
    throw new Error(`agent sockets on the holder and the other node: ${sockets} (expected 1,0)`);

  const mid = `m_deploy_${Date.now()}_1`;
  const webhookStatuses = await customerWrites(balancer, mid, 'is the tent waterproof?', 2);
  say(`signed webhook delivered twice through nginx: ${webhookStatuses.join(', ')}`);
  const offer = await desk.next('chat:requested', (p) => p.customer.id === PSID);
  const conversationId = offer.conversationId as string;
  await desk.request('chat:accept', { conversationId });
  const sent = await desk.request('chat:send', {
    conversationId,
    clientMessageId: 'deploy-1',
    text: 'Yes.',
  });
  await until('the fake Graph API gets the send', async () =>
    graph
      .requestsTo('/me/messages')
      .find((r) => (r.body as JsonBody)?.message?.metadata === `pagedesk:out:${sent.messageId}`),
  );
  say('chat accepted, reply sent; the fake Graph API received the Send API call');
  return {
    agent,
    desk,
    conversationId,
    transport: desk.transport,
    webhookStatuses,
    ids: [mid, sent.messageId as string],
  };
}

/**
 * Everything through nginx: a chat from a webhook delivered twice, accepted
 * and answered over a websocket; then the node holding the socket (and the
 * leases) is SIGKILLed, and the agent comes back through nginx to the other.
 */
export async function runScenario(
  balancer: string,
  nodes: { holder: ServerProcess; survivor: ServerProcess },
  graph: FakeGraphServer,
  say: (line: string) => void,
): Promise<Figures> {
  const before = await chatBeforeTheKill(balancer, nodes, graph, say);
  await nodes.holder.kill('SIGKILL');
  const killedAt = Date.now();
  const moved = leasesRunOn(nodes.survivor.url, 15_000);
  const late = `m_deploy_${Date.now()}_2`;
  await customerWrites(balancer, late, 'and the price?');
  const again = await Desk.open(balancer, before.agent.token);
  const reconnectMs = Date.now() - killedAt;
  const handoverMs = (await moved) - killedAt;
  before.desk.close();
  try {
    if ((await agentSockets(nodes.survivor.url)) !== 1)
      throw new Error('the agent did not reach the other node');
    const sync = await again.request('sync', {});
    const checked = await gapless(again, sync, before.conversationId, [...before.ids, late]);
    const { webhookStatuses, transport } = before;
    return { webhookStatuses, transport, handoverMs, reconnectMs, ...checked };
  } finally {
    again.close();
  }
}
