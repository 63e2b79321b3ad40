import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { auditConversation, formatAudit } from '../apps/cli/src/commands/audit';
import { AgentClient, customerWrites, setUpQueue, type TestAgent } from './support/agents';
import { api, authEnv, login, PLATFORM_EMAIL, PLATFORM_PASSWORD } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { messengerConfig } from './support/messenger/webhooks';
import { settleReadModels } from './support/read-models';
import { startTestApp, type TestApp } from './support/test-app';

/** Item 1 of issue 19 over the wire: the lists an agent picks from, the note, who sees what. */
describe('desk transfer: colleagues and queues an agent may read, and a note that travels with the chat', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let admin: string;
  let agents: TestAgent[];
  let clients: AgentClient[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url }),
    );
    ({ admin, agents } = await setUpQueue(server.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: 3,
    }));
  });
  afterEach(() => {
    clients.forEach((c) => c.close());
    clients = [];
  });
  afterAll(async () => {
    await server.close();
    await graph.close();
  });

  const connect = async (agent: TestAgent) => {
    const client = await AgentClient.connect(server.url, agent.token);
    clients.push(client);
    return client;
  };
  const eventsOf = async (conversationId: string) =>
    (await api(server.url, admin)('GET', `/api/conversations/${conversationId}/history`)).body
      .events as { type: string; actor: string; data: Record<string, unknown> }[];

  async function chatHeldBy(client: AgentClient, psid: string) {
    await customerWrites(server.url, psid, 'can someone else help me?');
    const { conversationId } = await client.next('chat:requested', (p) => p.customer?.id === psid);
    expect((await client.request('chat:accept', { conversationId })).ok).toBe(true);
    await client.next('chat:assigned', (p) => p.conversationId === conversationId);
    return conversationId as string;
  }

  it('lists the other agents of the tenant by name with status and load, and the queues, to an agent', async () => {
    const [ada, bob] = [await connect(agents[0]!), await connect(agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    await bob.request('agent:status', { status: 'ready' });
    await chatHeldBy(bob, '6100001');
    const targets = await api(server.url, agents[0]!.token)('GET', '/api/desk/transfer-targets');
    expect(targets.status).toBe(200);
    expect(targets.body).toEqual({
      agents: [
        { agentId: agents[1]!.userId, name: 'Agent 1', status: 'ready', load: 1, capacity: 3 },
      ],
      queues: [{ queueId: 'default', name: 'Default', waiting: 0 }],
    });
    // Still no door to the supervisors' lists, which hold e-mails and conversations.
    expect((await api(server.url, agents[0]!.token)('GET', '/api/agents')).status).toBe(403);
    expect((await api(server.url, undefined)('GET', '/api/desk/transfer-targets')).status).toBe(
      401,
    );
  });

  it('hands a chat to a colleague with a note: the colleague sees who and the note, the transcript and the audit record both', async () => {
    const [ada, bob] = [await connect(agents[0]!), await connect(agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    await bob.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6100002');
    expect(
      await ada.request('chat:transfer', {
        conversationId,
        toAgentId: agents[1]!.userId,
        note: 'Wants a refund for order 1234',
      }),
    ).toEqual({ ok: true, conversationId });
    expect(
      await bob.next('chat:assigned', (p) => p.conversationId === conversationId),
    ).toMatchObject({
      agentId: agents[1]!.userId,
      transfer: {
        fromAgentId: agents[0]!.userId,
        fromName: 'Agent 0',
        note: 'Wants a refund for order 1234',
      },
    });
    const synced = (await bob.request('sync', {})).chats as { conversationId: string }[];
    expect(synced.find((c) => c.conversationId === conversationId)).toMatchObject({
      transfer: { fromName: 'Agent 0', note: 'Wants a refund for order 1234' },
    });

    await settleReadModels(server.app);
    const transcript = await api(server.url, admin)(
      'GET',
      `/api/conversations/${conversationId}/transcript?format=txt`,
    );
    expect(transcript.body).toContain(
      'transferred from Agent 0 to Agent 1 with the note: Wants a refund for order 1234',
    );
    const store = server.app.get<EventStore>(EVENT_STORE);
    const audit = formatAudit(
      `conversation ${conversationId}`,
      await auditConversation(store, conversationId),
    );
    expect(audit).toMatch(new RegExp(`ConversationTransferred\\s+${agents[0]!.userId}`));
  });

  it('refuses a note over 1000 characters, another tenant’s agent and queue as unknown, recording nothing', async () => {
    const ada = await connect(agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6100003');
    const platform = api(server.url, await login(server.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    expect(
      (
        await platform('POST', '/api/tenants', {
          tenantId: 'globex',
          name: 'Globex',
          admin: {
            email: 'admin@globex.test',
            password: 'globex admin passphrase',
            displayName: 'H',
          },
        })
      ).status,
    ).toBe(201);
    const globex = await setUpQueue(server.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase' },
    });
    const before = await eventsOf(conversationId);

    for (const [payload, code] of [
      [{ toAgentId: agents[1]!.userId, note: 'x'.repeat(1001) }, 'invalid'],
      [{ toAgentId: agents[1]!.userId, note: 42 }, 'invalid'],
      [{ toAgentId: globex.agents[0]!.userId, note: 'hi' }, 'not_found'],
      [{ toQueueId: 'nowhere' }, 'not_found'],
    ] as const) {
      expect(await ada.request('chat:transfer', { conversationId, ...payload })).toMatchObject({
        ok: false,
        error: { code },
      });
    }
    expect(await eventsOf(conversationId)).toEqual(before);
    // Globex's agent sees only Globex.
    const theirs = await api(server.url, globex.agents[0]!.token)(
      'GET',
      '/api/desk/transfer-targets',
    );
    expect(theirs.body).toEqual({
      agents: [],
      queues: [{ queueId: 'default', name: 'Default', waiting: 0 }],
    });
  });
});
