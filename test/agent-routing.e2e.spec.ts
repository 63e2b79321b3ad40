import {
  AgentClient,
  customerWrites,
  quietFor,
  setUpQueue,
  type TestAgent,
} from './support/agents';
import { api, authEnv, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

describe('agent routing: capacity, auto mode, grace period', () => {
  let graph: FakeGraphServer;
  let servers: TestApp[] = [];
  let clients: AgentClient[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  afterEach(async () => {
    clients.forEach((c) => c.close());
    clients = [];
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  afterAll(() => graph.close());

  const start = async (env: Record<string, string> = {}) => {
    const server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url, ...env }),
    );
    servers.push(server);
    return server;
  };
  const connect = async (server: TestApp, agent: TestAgent) => {
    const client = await AgentClient.connect(server.url, agent.token);
    clients.push(client);
    return client;
  };
  const ready = async (client: AgentClient) =>
    expect(await client.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
  const customerOf = (p: JsonBody): string => p.customer.id;

  it('never exceeds capacity: 2 of 5 chats assigned, 3 queued, then routed in arrival order as chats close', async () => {
    const server = await start();
    const { admin, agents } = await setUpQueue(server.url, {
      agents: 1,
      routingMode: 'auto',
      maxChats: 2,
    });
    const ada = await connect(server, agents[0]!);
    await ready(ada);
    const customers = ['6300001', '6300002', '6300003', '6300004', '6300005'];
    for (const psid of customers) {
      await customerWrites(server.url, psid);
      await settle(server.app);
    }
    await ada.next('chat:assigned', (p) => customerOf(p) === '6300002');
    await quietFor(200);
    expect(ada.all('chat:assigned').map(customerOf)).toEqual(['6300001', '6300002']);

    const queues = await api(server.url, admin)('GET', '/api/queues');
    expect(queues.body[0]).toMatchObject({
      queueId: 'default',
      live: { waiting: 3, agents: { ready: 1, busy: 1, capacity: 2, load: 2 } },
    });
    const waiting = await api(server.url, admin)('GET', '/api/conversations?status=queued');
    expect(waiting.body.items).toHaveLength(3);
    const fifth = waiting.body.items.find((c: JsonBody) => c.customer.id === '6300005');
    expect(
      await ada.request('chat:accept', { conversationId: fifth.conversationId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    for (let closed = 0; closed < 3; closed++) {
      const oldest = ada.all('chat:assigned')[closed];
      expect((await ada.request('chat:close', { conversationId: oldest.conversationId })).ok).toBe(
        true,
      );
      await ada.next('chat:assigned', (p) => customerOf(p) === customers[closed + 2]);
    }
    await quietFor(200);
    expect(ada.all('chat:assigned').map(customerOf)).toEqual(customers);
  });

  it('refuses an offer beyond capacity with `capacity`', async () => {
    const server = await start();
    const { agents } = await setUpQueue(server.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: 1,
    });
    const [ada, bob] = [await connect(server, agents[0]!), await connect(server, agents[1]!)];
    await ready(ada);
    await ready(bob);
    await customerWrites(server.url, '6310001');
    await customerWrites(server.url, '6310002');
    const first = await ada.next('chat:requested', (p) => customerOf(p) === '6310001');
    expect((await ada.request('chat:accept', { conversationId: first.conversationId })).ok).toBe(
      true,
    );
    const second = await bob.next('chat:requested', (p) => customerOf(p) === '6310002');
    expect(
      await ada.request('chat:accept', { conversationId: second.conversationId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'capacity' },
    });
    expect(ada.all('chat:requested').map(customerOf)).toEqual(['6310001']);
  });

  it('in auto mode gives each chat to the ready agent who has waited longest', async () => {
    const server = await start();
    const { agents } = await setUpQueue(server.url, {
      agents: 3,
      routingMode: 'auto',
      maxChats: 1,
    });
    const [ada, bob, cy] = await Promise.all(agents.map((a) => connect(server, a)));
    await ready(bob!);
    await ready(ada!);
    await ready(cy!);
    for (const psid of ['6400001', '6400002', '6400003']) {
      await customerWrites(server.url, psid);
      await settle(server.app);
    }
    const who = async (client: AgentClient) => customerOf(await client.next('chat:assigned'));
    expect(await who(bob!)).toBe('6400001');
    expect(await who(ada!)).toBe('6400002');
    expect(await who(cy!)).toBe('6400003');

    // Bob frees his slot first, so he has now waited longest: the next chat is his.
    const bobs = bob!.all('chat:assigned')[0];
    await bob!.request('chat:close', { conversationId: bobs.conversationId });
    await customerWrites(server.url, '6400004');
    await bob!.next('chat:assigned', (p) => customerOf(p) === '6400004');
    expect(ada!.all('chat:assigned')).toHaveLength(1);
    expect(cy!.all('chat:assigned')).toHaveLength(1);
  });

  it('resumes silently within the grace period: sync returns every message that arrived meanwhile, once', async () => {
    const server = await start({ AGENT_GRACE_SECONDS: '5' });
    const { agents } = await setUpQueue(server.url, { agents: 1, routingMode: 'auto' });
    let ada = await connect(server, agents[0]!);
    await ready(ada);
    const first = await customerWrites(server.url, '6500001', 'first');
    const assigned = await ada.next('chat:assigned');
    expect(assigned.firstMessages.map((m: JsonBody) => m.messageId)).toEqual([first]);
    ada.close();

    const missed = [
      await customerWrites(server.url, '6500001', 'while you were away'),
      await customerWrites(server.url, '6500001', 'hello??'),
    ];
    await settle(server.app);
    ada = await connect(server, agents[0]!);
    const sync = await ada.request('sync', {});
    expect(sync).toMatchObject({ ok: true, status: 'ready', offers: [] });
    expect(sync.chats).toHaveLength(1);
    const chat = sync.chats[0];
    expect(chat.conversationId).toBe(assigned.conversationId);
    const messages = chat.events.filter((e: JsonBody) => e.name === 'chat:message');
    expect(messages.map((e: JsonBody) => e.payload.messageId)).toEqual([first, ...missed]);
    const positions = chat.events.map((e: JsonBody) => e.payload.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(Math.max(...positions)).toBeLessThanOrEqual(sync.position);

    // Still theirs, still ready: the next message is pushed live, after the sync position.
    const live = await customerWrites(server.url, '6500001', 'are you there');
    const pushed = await ada.next('chat:message', (p) => p.messageId === live);
    expect(pushed.position).toBeGreaterThan(sync.position);
    expect(ada.all('chat:ended')).toEqual([]);
  });

  it('after the grace period re-queues the chats at the front, to another agent, and sets the agent not ready', async () => {
    const server = await start({ AGENT_GRACE_SECONDS: '1' });
    const { agents } = await setUpQueue(server.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: 1,
    });
    const ada = await connect(server, agents[0]!);
    await ready(ada);
    await customerWrites(server.url, '6600001', 'first customer');
    const offer = await ada.next('chat:requested');
    await ada.request('chat:accept', { conversationId: offer.conversationId });
    await ada.next('chat:assigned');
    await customerWrites(server.url, '6600002', 'second customer waits');
    ada.close();

    const bob = await connect(server, agents[1]!);
    await ready(bob);
    const waiting = await bob.next('chat:requested', (p) => customerOf(p) === '6600002');
    // Bob has one slot: once Ada's grace runs out her customer comes back ahead of the one who waited.
    await bob.next('chat:requested', (p) => p.conversationId === offer.conversationId, 5_000);
    const withdrawn = await bob.next('chat:request_withdrawn');
    expect(withdrawn.conversationId).toBe(waiting.conversationId);
    expect((await bob.request('sync', {})).offers.map(customerOf)).toEqual(['6600001']);
    expect((await bob.request('chat:accept', { conversationId: offer.conversationId })).ok).toBe(
      true,
    );
    await bob.next('chat:assigned', (p) => p.conversationId === offer.conversationId);

    const back = await connect(server, agents[0]!);
    const sync = await back.request('sync', {});
    expect(sync).toMatchObject({ ok: true, status: 'not_ready', chats: [], offers: [] });
  });
});
