import { RECENTLY_ENDED } from '@pagedesk/routing';
import { ConversationStates } from '../apps/chat-server/src/conversations/conversation-states';
import { AgentGateway } from '../apps/chat-server/src/gateway/agent.gateway';
import { ProcessingWorker } from '../apps/chat-server/src/processing/processing-worker';
import { ConversationFeed } from '../apps/chat-server/src/routing/conversation-feed';
import { Router } from '../apps/chat-server/src/routing/router';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { authEnv, type JsonBody } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

/** More than the routing book remembers of ended conversations, so the bound is what is tested. */
const CONVERSATIONS = RECENTLY_ENDED + 500;
const AT_ONCE = 50;
const METRICS_TOKEN = 'memory-bounds-scrape-token';

/**
 * Memory follows live work (docs/memory.md): thousands of conversations go
 * through open → assigned → closed, and afterwards no in-memory structure
 * holds any of them beyond the bounded window of recently ended ones.
 */
describe('memory bounded by live work', () => {
  const desk = e2eApp({ queue: { agents: 1, routingMode: 'auto', maxChats: AT_ONCE } });
  let agent: AgentClient;

  beforeAll(async () => {
    agent = await desk.connectShared(desk.agents[0]!);
    expect(await agent.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
  });

  it(`keeps none of ${CONVERSATIONS} closed conversations, only a bounded window of the latest`, async () => {
    const feed = desk.server.app.get(ConversationFeed);
    const gateway = desk.server.app.get(AgentGateway);
    const router = desk.server.app.get(Router);
    const states = desk.server.app.get(ConversationStates);
    await openAndClose(desk.server, agent, CONVERSATIONS, () => {
      // While they are open, each is in the book and described once.
      expect(feed.book.sizes()).toMatchObject({ live: AT_ONCE, holders: 1 });
      expect(gateway.summaries.size).toBe(AT_ONCE);
    });
    await settle(desk.server.app);

    expect(feed.book.sizes()).toEqual({
      live: 0,
      recentlyEnded: RECENTLY_ENDED,
      waitingLists: 0,
      waiting: 0,
      holders: 0,
      reservations: 0,
      reservedConversations: 0,
      // The one agent is still connected: presence follows connections, not conversations.
      agents: 1,
    });
    expect(gateway.summaries.size).toBe(0);
    expect(gateway.connectedAgents).toBe(1);
    // One number per connected agent: the waiting count they were last told.
    expect(router.sizes()).toEqual({ offersShown: 0, graceTimers: 0, waitingTold: 1 });
    expect(states.cache.size).toBe(0);

    // The agent leaves: nothing about them stays either once they are not ready.
    expect(await agent.request('agent:status', { status: 'not_ready' })).toMatchObject({
      ok: true,
    });
    agent.close();
    await waitUntil(() => gateway.connectedAgents === 0);
    expect(feed.book.sizes().agents).toBe(0);
    expect(router.sizes().waitingTold).toBe(0);
  }, 240_000);
});

/**
 * The processing worker thread has structures of its own (docs/memory.md): its
 * cache of folded states (which the web thread's feed does not clear), the
 * reactors' lanes, the outbox lanes. On a server split as production runs it,
 * conversations are opened and closed, and the worker, asked, counts none left.
 * Fewer than the state cache's 5,000, so only the bound can empty it.
 */
describe('memory bounded by live work: the processing worker', () => {
  const WORKER_CONVERSATIONS = 4 * AT_ONCE;
  let graph: FakeGraphServer;
  let server: TestApp;
  let agent: AgentClient;
  let worker: ProcessingWorker;
  /** /metrics once the worker has started, before the conversations. */
  let scrapedBefore: string;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({
        PROCESSING: 'worker',
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: graph.url,
        METRICS_TOKEN,
      }),
    );
    worker = server.app.get(ProcessingWorker);
    const { agents } = await setUpQueue(server.url, {
      agents: 1,
      routingMode: 'auto',
      maxChats: AT_ONCE,
    });
    // The worker thread compiles the sources it runs: chats are routed once it has started.
    await caughtUp(worker, 120_000);
    scrapedBefore = await scrape(server.url);
    agent = await AgentClient.connect(server.url, agents[0]!.token);
    expect(await agent.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
  }, 180_000);
  afterAll(async () => {
    agent.close();
    await server.close();
    await graph.close();
  });

  it(`keeps none of ${WORKER_CONVERSATIONS} closed conversations in the worker thread`, async () => {
    await openAndClose(server, agent, WORKER_CONVERSATIONS);
    await caughtUp(worker);
    // The worker loaded each of them (the customer's message, the close) and keeps none.
    expect(await worker.census()).toEqual({
      conversationStates: 0,
      reactorLanes: 0,
      reactorPending: 0,
      outboxLanes: 0,
      automaticMessagePages: 0,
    });
    expect(server.app.get(ConversationFeed).book.sizes().live).toBe(0);
  }, 240_000);

  it('reports the worker thread heap on /metrics, apart from the main thread', async () => {
    const body = await scrape(server.url);
    const worker = seriesValue(body, 'pagedesk_worker_heap_used_bytes');
    const main = seriesValue(body, 'nodejs_heap_size_used_bytes');
    // A whole Nest container runs in the worker: tens of MiB, and not the main thread's figure.
    expect(worker).toBeGreaterThan(10 * 2 ** 20);
    expect(worker).not.toBe(main);
  });

  it("reports the worker thread's busy time on /metrics, grown by the conversations", async () => {
    const busy = (body: string) => ({
      worker: seriesValue(
        body,
        'pagedesk_event_loop_busy_seconds_total{thread="processing-worker"}',
      )!,
      main: seriesValue(body, 'pagedesk_event_loop_busy_seconds_total{thread="main"}')!,
    });
    const [before, after] = [busy(scrapedBefore), busy(await scrape(server.url))];
    // Each conversation's events go through the worker's reactors and projections: over a millisecond.
    expect(after.worker - before.worker).toBeGreaterThan(WORKER_CONVERSATIONS / 1000);
    expect(after.main - before.main).toBeGreaterThan(0);
  });
});

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  return response.text();
}

function seriesValue(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every reactor and read model in the worker has handled the whole log. */
async function caughtUp(worker: ProcessingWorker, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const parts = await worker.health().catch(() => []);
    const behind = parts.filter((p) => (p.lag?.events ?? 0) > 0);
    if (parts.length > 0 && behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`still behind: ${JSON.stringify(behind)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` conversations, AT_ONCE at a time: a customer writes, the agent gets it (`whileOpen` looks), the agent closes it. */
async function openAndClose(
  server: TestApp,
  agent: AgentClient,
  count: number,
  whileOpen: () => void = () => undefined,
): Promise<void> {
  let closed = 0;
  for (let round = 0; closed < count; round++) {
    const psids = Array.from(
      { length: AT_ONCE },
      (_, i) => `77${round}${String(i).padStart(4, '0')}`,
    );
    await Promise.all(psids.map((psid) => customerWrites(server.url, psid)));
    const assigned = await Promise.all(
      psids.map((psid) => agent.next('chat:assigned', (p: JsonBody) => p.customer.id === psid)),
    );
    whileOpen();
    const answers = await Promise.all(
      assigned.map((chat) => agent.request('chat:close', { conversationId: chat.conversationId })),
    );
    // No settling between rounds: the next round's pushes come after these closes in the feed.
    expect(answers.filter((a: JsonBody) => !a.ok)).toEqual([]);
    closed += AT_ONCE;
    agent.received.length = 0;
  }
}

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
