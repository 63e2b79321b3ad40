import { AgentClient, setUpQueue } from './support/agents';
import { api, login, PLATFORM_EMAIL, PLATFORM_PASSWORD } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { settleReadModels } from './support/read-models';

/** Item 8 of issue 19 over the wire: tags per tenant, chosen on close, recorded, filterable, exported. */
describe('wrap-up on close: tenant tags, the closing agent’s choice, the supervision filter', () => {
  const app = e2eApp({ queue: { agents: 1, routingMode: 'offer' } });
  const { connect, eventsOf } = app;

  const chatHeldBy = (client: AgentClient, psid: string) =>
    app.chatHeldBy(client, psid, 'I want my money back');

  it('lets admins and supervisors define the tags, agents read them, and refuses a bad list with invalid', async () => {
    const put = (token: string, tags: unknown) =>
      api(app.server.url, token)('PUT', '/api/wrap-up-tags', { tags });
    expect(
      (await api(app.server.url, app.agents[0]!.token)('GET', '/api/wrap-up-tags')).body,
    ).toEqual({
      tags: [],
    });
    const set = await put(app.admin, [
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
    expect(
      (await api(app.server.url, app.agents[0]!.token)('GET', '/api/wrap-up-tags')).body,
    ).toEqual(set.body);
    expect((await put(app.agents[0]!.token, [])).status).toBe(403);
    for (const bad of [
      [{ tagId: 'Bad Id', label: 'x' }],
      [{ tagId: 'ok', label: '' }],
      [{ tagId: 'ok' }],
      'refund',
    ]) {
      expect(await put(app.admin, bad)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid' } },
      });
    }
    expect((await api(app.server.url, app.admin)('GET', '/api/wrap-up-tags')).body).toEqual(
      set.body,
    );
  });

  it('records the chosen tags with the closing agent; transcript, export and the filter show them', async () => {
    const ada = await connect(app.agents[0]!);
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
      actor: app.agents[0]!.userId,
      data: {
        agentId: app.agents[0]!.userId,
        tags: [
          { tagId: 'resolved', label: 'Resolved' },
          { tagId: 'refund', label: 'Refund' },
        ],
      },
    });
    expect((await eventsOf(untagged)).map((e) => e.type)).not.toContain('ConversationWrappedUp');

    await settleReadModels(app.server.app);
    const call = api(app.server.url, app.admin);
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
    const ada = await connect(app.agents[0]!);
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

    const platform = api(
      app.server.url,
      await login(app.server.url, PLATFORM_EMAIL, PLATFORM_PASSWORD),
    );
    await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: {
        email: 'admin@globex.test',
        password: 'globex app.admin passphrase',
        displayName: 'H',
      },
    });
    const globexAdmin = await login(
      app.server.url,
      'admin@globex.test',
      'globex app.admin passphrase',
    );
    // Globex has its own (empty) list, and its tags are no use on Acme's chats.
    expect((await api(app.server.url, globexAdmin)('GET', '/api/wrap-up-tags')).body).toEqual({
      tags: [],
    });
    await api(app.server.url, globexAdmin)('PUT', '/api/wrap-up-tags', {
      tags: [{ tagId: 'spam', label: 'Spam' }],
    });
    const globex = await setUpQueue(app.server.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: { email: 'admin@globex.test', password: 'globex app.admin passphrase' },
    });
    const hank = await connect(globex.agents[0]!);
    expect(
      await hank.request('chat:close', { conversationId, wrapUpTags: ['spam'] }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ada.request('chat:close', { conversationId, wrapUpTags: ['spam'] })).toMatchObject(
      { ok: false, error: { code: 'invalid' } },
    );
    expect(
      (await api(app.server.url, app.admin)('GET', '/api/wrap-up-tags')).body.tags.map(
        (t: { tagId: string }) => t.tagId,
      ),
    ).toEqual(['refund', 'resolved']);
    expect(await eventsOf(conversationId)).toEqual(before);
    expect((await ada.request('chat:close', { conversationId })).ok).toBe(true);
  });
});
