import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { auditConversation, formatAudit } from '../apps/cli/src/commands/audit';
import { AgentClient, setUpQueue } from './support/agents';
import { api, login, PLATFORM_EMAIL, PLATFORM_PASSWORD } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { settleReadModels } from './support/read-models';

/** Item 1 of issue 19 over the wire: the lists an agent picks from, the note, who sees what. */
describe('desk transfer: colleagues and queues an agent may read, and a note that travels with the chat', () => {
  const app = e2eApp({ queue: { agents: 2, routingMode: 'offer', maxChats: 3 } });
  const { connect, eventsOf } = app;

  const chatHeldBy = (client: AgentClient, psid: string) =>
    app.chatHeldBy(client, psid, 'can someone else help me?');

  it('lists the other agents of the tenant by name with status and load, and the queues, to an agent', async () => {
    const [ada, bob] = [await connect(app.agents[0]!), await connect(app.agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    await bob.request('agent:status', { status: 'ready' });
    await chatHeldBy(bob, '6100001');
    const targets = await api(app.server.url, app.agents[0]!.token)(
      'GET',
      '/api/desk/transfer-targets',
    );
    expect(targets.status).toBe(200);
    expect(targets.body).toEqual({
      agents: [
        { agentId: app.agents[1]!.userId, name: 'Agent 1', status: 'ready', load: 1, capacity: 3 },
      ],
      queues: [{ queueId: 'default', name: 'Default', waiting: 0 }],
    });
    // Still no door to the supervisors' lists, which hold e-mails and conversations.
    expect((await api(app.server.url, app.agents[0]!.token)('GET', '/api/agents')).status).toBe(
      403,
    );
    expect((await api(app.server.url, undefined)('GET', '/api/desk/transfer-targets')).status).toBe(
      401,
    );
  });

  it('hands a chat to a colleague with a note: the colleague sees who and the note, the transcript and the audit record both', async () => {
    const [ada, bob] = [await connect(app.agents[0]!), await connect(app.agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    await bob.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6100002');
    expect(
      await ada.request('chat:transfer', {
        conversationId,
        toAgentId: app.agents[1]!.userId,
        note: 'Wants a refund for order 1234',
      }),
    ).toEqual({ ok: true, conversationId });
    expect(
      await bob.next('chat:assigned', (p) => p.conversationId === conversationId),
    ).toMatchObject({
      agentId: app.agents[1]!.userId,
      transfer: {
        fromAgentId: app.agents[0]!.userId,
        fromName: 'Agent 0',
        note: 'Wants a refund for order 1234',
      },
    });
    const synced = (await bob.request('sync', {})).chats as { conversationId: string }[];
    expect(synced.find((c) => c.conversationId === conversationId)).toMatchObject({
      transfer: { fromName: 'Agent 0', note: 'Wants a refund for order 1234' },
    });

    await settleReadModels(app.server.app);
    const transcript = await api(app.server.url, app.admin)(
      'GET',
      `/api/conversations/${conversationId}/transcript?format=txt`,
    );
    expect(transcript.body).toContain(
      'transferred from Agent 0 to Agent 1 with the note: Wants a refund for order 1234',
    );
    const store = app.server.app.get<EventStore>(EVENT_STORE);
    const audit = formatAudit(
      `conversation ${conversationId}`,
      await auditConversation(store, conversationId),
    );
    expect(audit).toMatch(new RegExp(`ConversationTransferred\\s+${app.agents[0]!.userId}`));
  });

  it('refuses a note over 1000 characters, another tenant’s agent and queue as unknown, recording nothing', async () => {
    const ada = await connect(app.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6100003');
    const platform = api(
      app.server.url,
      await login(app.server.url, PLATFORM_EMAIL, PLATFORM_PASSWORD),
    );
    expect(
      (
        await platform('POST', '/api/tenants', {
          tenantId: 'globex',
          name: 'Globex',
          admin: {
            email: 'admin@globex.test',
            password: 'globex app.admin passphrase',
            displayName: 'H',
          },
        })
      ).status,
    ).toBe(201);
    const globex = await setUpQueue(app.server.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: { email: 'admin@globex.test', password: 'globex app.admin passphrase' },
    });
    const before = await eventsOf(conversationId);

    for (const [payload, code] of [
      [{ toAgentId: app.agents[1]!.userId, note: 'x'.repeat(1001) }, 'invalid'],
      [{ toAgentId: app.agents[1]!.userId, note: 42 }, 'invalid'],
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
    const theirs = await api(app.server.url, globex.agents[0]!.token)(
      'GET',
      '/api/desk/transfer-targets',
    );
    expect(theirs.body).toEqual({
      agents: [],
      queues: [{ queueId: 'default', name: 'Default', waiting: 0 }],
    });
  });
});
