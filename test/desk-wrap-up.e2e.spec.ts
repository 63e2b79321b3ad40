import { AgentClient, customerWrites, setUpQueue, type TestAgent } from './support/agents';
import { api, authEnv, login, PLATFORM_EMAIL, PLATFORM_PASSWORD } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { messengerConfig } from './support/messenger/webhooks';
import { settleReadModels } from './support/read-models';
import { startTestApp, type TestApp } from './support/test-app';

/** Item 8 of issue 19 over the wire: tags per tenant, chosen on close, recorded, filterable, exported. */
describe('wrap-up on close: tenant tags, the closing agent’s choice, the supervision filter', () => {
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
    ({ admin, agents } = await setUpQueue(server.url, { agents: 1, routingMode: 'offer' }));
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
    await customerWrites(server.url, psid, 'I want my money back');
    const { conversationId } = await client.next('chat:requested', (p) => p.customer?.id === psid);
    expect((await client.request('chat:accept', { conversationId })).ok).toBe(true);
    await client.next('chat:assigned', (p) => p.conversationId === conversationId);
    return conversationId as string;
  }

  it('lets admins and supervisors define the tags, agents read them, and refuses a bad list with invalid', async () => {
    const put = (token: string, tags: unknown) =>
      api(server.url, token)('PUT', '/api/wrap-up-tags', { tags });
    expect((await api(server.url, agents[0]!.token)('GET', '/api/wrap-up-tags')).body).toEqual({
      tags: [],
    });
    const set = await put(admin, [
      { tagId: 'refund', label: 'Refund' },
      { tagId: 'resolved', label: 'Resolved' },
    ]);
    expect(set).toEqual({
      status: 200,
      body: {
        tags: [
          { tagId: 'refund', label: 'Refund' },
          { tagId: 'resolved', label: 'Resolved' },
        ],
      },
    });
    expect((await api(server.url, agents[0]!.token)('GET', '/api/wrap-up-tags')).body).toEqual(
      set.body,
    );
    expect((await put(agents[0]!.token, [])).status).toBe(403);
    for (const bad of [
      [{ tagId: 'Bad Id', label: 'x' }],
      [{ tagId: 'ok', label: '' }],
      [{ tagId: 'ok' }],
      'refund',
    ]) {
      expect(await put(admin, bad)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid' } },
      });
    }
    expect((await api(server.url, admin)('GET', '/api/wrap-up-tags')).body).toEqual(set.body);
  });

  it('records the chosen tags with the closing agent; transcript, export and the filter show them', async () => {
    const ada = await connect(agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    const tagged = await chatHeldBy(ada, '6400001');
    expect(
      await ada.request('chat:close', {
        conversationId: tagged,
        wrapUpTags: ['resolved', 'refund'],
      }),
    ).toEqual({ ok: true, conversationId: tagged });
    const untagged = await chatHeldBy(ada, '6400002');
    expect((await ada.request('chat:close', { conversationId: untagged })).ok).toBe(true);

    const wrapped = (await eventsOf(tagged)).find((e) => e.type === 'ConversationWrappedUp');
    expect(wrapped).toMatchObject({
      actor: agents[0]!.userId,
      data: {
        agentId: agents[0]!.userId,
        tags: [
          { tagId: 'resolved', label: 'Resolved' },
          { tagId: 'refund', label: 'Refund' },
        ],
      },
    });
    expect((await eventsOf(untagged)).map((e) => e.type)).not.toContain('ConversationWrappedUp');

    await settleReadModels(server.app);
    const call = api(server.url, admin);
    const byTag = await call('GET', '/api/conversations?wrapUpTag=refund');
    expect(byTag.body.items.map((c: { conversationId: string }) => c.conversationId)).toEqual([
      tagged,
    ]);
    expect(byTag.body.items[0].wrapUpTags).toEqual([
      { tagId: 'resolved', label: 'Resolved' },
      { tagId: 'refund', label: 'Refund' },
    ]);
    expect((await call('GET', '/api/conversations?wrapUpTag=Not%20a%20slug')).status).toBe(400);
    const text = await call('GET', `/api/conversations/${tagged}/transcript?format=txt`);
    expect(text.body).toContain('wrap-up by Agent 0: Resolved, Refund');
    const csv = await call('GET', `/api/conversations/${tagged}/transcript?format=csv`);
    expect(csv.body).toContain('wrap-up by Agent 0: Resolved, Refund');
  });

  it('refuses an unknown tag, a tag twice and another tenant’s chat, recording nothing and leaving the chat open', async () => {
    const ada = await connect(agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6400003');
    const before = await eventsOf(conversationId);
    for (const wrapUpTags of [['shipping'], ['refund', 'refund'], 'refund', [42]]) {
      expect(await ada.request('chat:close', { conversationId, wrapUpTags })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
    expect(await eventsOf(conversationId)).toEqual(before);

    const platform = api(server.url, await login(server.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase', displayName: 'H' },
    });
    const globexAdmin = await login(server.url, 'admin@globex.test', 'globex admin passphrase');
    // Globex has its own (empty) list, and its tags are no use on Acme's chats.
    expect((await api(server.url, globexAdmin)('GET', '/api/wrap-up-tags')).body).toEqual({
      tags: [],
    });
    await api(server.url, globexAdmin)('PUT', '/api/wrap-up-tags', {
      tags: [{ tagId: 'spam', label: 'Spam' }],
    });
    const globex = await setUpQueue(server.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase' },
    });
    const hank = await connect(globex.agents[0]!);
    expect(
      await hank.request('chat:close', { conversationId, wrapUpTags: ['spam'] }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ada.request('chat:close', { conversationId, wrapUpTags: ['spam'] })).toMatchObject(
      { ok: false, error: { code: 'invalid' } },
    );
    expect(
      (await api(server.url, admin)('GET', '/api/wrap-up-tags')).body.tags.map(
        (t: { tagId: string }) => t.tagId,
      ),
    ).toEqual(['refund', 'resolved']);
    expect(await eventsOf(conversationId)).toEqual(before);
    expect((await ada.request('chat:close', { conversationId })).ok).toBe(true);
  });
});
