import { AgentClient, setUpQueue } from './support/agents';
import { api, login, PLATFORM_EMAIL, PLATFORM_PASSWORD } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { settleReadModels } from './support/read-models';

/** Item 4 of issue 19 over the wire: notes from agent and supervisor, never sent, in transcripts and the audit. */
describe('internal notes: agents and supervisors write them, the customer never gets them', () => {
  const app = e2eApp({ queue: { agents: 2, routingMode: 'offer' } });
  const { connect, eventsOf } = app;
  let supervisor: { userId: string; token: string };
  beforeAll(async () => {
    const created = await api(app.server.url, app.admin)('POST', '/api/users', {
      email: 'sam@acme.test',
      password: 'supervisor passphrase 1',
      displayName: 'Sam Supervisor',
      role: 'supervisor',
    });
    supervisor = {
      userId: created.body.userId,
      token: await login(app.server.url, 'sam@acme.test', 'supervisor passphrase 1'),
    };
  });

  const chatHeldBy = (client: AgentClient, psid: string) =>
    app.chatHeldBy(client, psid, 'my parcel is late');

  it('records an agent’s note once, pushes it to the desk, sends nothing to Facebook; a supervisor’s note reaches the agent too', async () => {
    const ada = await connect(app.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6300001');
    const sendsBefore = app.graph.requests.filter((r) => r.path.endsWith('/messages')).length;

    const note = { conversationId, noteId: 'n-1', text: 'Customer is upset, be gentle' };
    expect(await ada.request('chat:note', note)).toEqual({
      ok: true,
      conversationId,
      noteId: 'n-1',
    });
    // A resend after a lost ack records nothing new.
    expect(await ada.request('chat:note', note)).toEqual({
      ok: true,
      conversationId,
      noteId: 'n-1',
    });
    expect(await ada.next('chat:note', (p) => p.noteId === 'n-1')).toMatchObject({
      conversationId,
      authorId: app.agents[0]!.userId,
      authorName: 'Agent 0',
      text: 'Customer is upset, be gentle',
    });

    const byRest = await api(app.server.url, supervisor.token)(
      'POST',
      `/api/conversations/${conversationId}/notes`,
      { noteId: 'sam-1', text: 'Offer a voucher' },
    );
    expect(byRest).toEqual({ status: 201, body: { conversationId, noteId: 'sam-1' } });
    await ada.next('chat:note', (p) => p.authorName === 'Sam Supervisor');
    const synced = (await ada.request('sync', {})).chats as {
      conversationId: string;
      events: { name: string; payload: { text?: string } }[];
    }[];
    expect(
      synced
        .find((c) => c.conversationId === conversationId)!
        .events.filter((e) => e.name === 'chat:note')
        .map((e) => e.payload.text),
    ).toEqual(['Customer is upset, be gentle', 'Offer a voucher']);

    const notes = (await eventsOf(conversationId)).filter((e) => e.type === 'InternalNoteAdded');
    expect(notes.map((e) => e.actor)).toEqual([app.agents[0]!.userId, supervisor.userId]);
    expect(app.graph.requests.filter((r) => r.path.endsWith('/messages')).length).toBe(sendsBefore);

    await settleReadModels(app.server.app);
    const text = await api(app.server.url, app.admin)(
      'GET',
      `/api/conversations/${conversationId}/transcript?format=txt`,
    );
    expect(text.body).toContain(
      'Note by Agent 0: [internal note, not sent] Customer is upset, be gentle',
    );
    expect(text.body).toContain(
      'Note by Sam Supervisor: [internal note, not sent] Offer a voucher',
    );
    const csv = await api(app.server.url, app.admin)(
      'GET',
      `/api/conversations/${conversationId}/transcript?format=csv`,
    );
    expect(csv.body).toContain('note,note,Note by Sam Supervisor');
  });

  it('refuses blank and oversized notes, a colleague’s chat and another tenant’s, recording nothing', async () => {
    const [ada, bob] = [await connect(app.agents[0]!), await connect(app.agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    const conversationId = await chatHeldBy(ada, '6300002');
    const before = await eventsOf(conversationId);
    for (const [client, payload, code] of [
      [ada, { conversationId, noteId: 'x', text: '   ' }, 'invalid'],
      [ada, { conversationId, noteId: 'x', text: 'x'.repeat(2001) }, 'invalid'],
      [ada, { conversationId, noteId: '', text: 'hi' }, 'invalid'],
      [ada, { conversationId, text: 'hi' }, 'invalid'],
      [bob, { conversationId, noteId: 'x', text: 'not mine' }, 'forbidden'],
    ] as const) {
      expect(await client.request('chat:note', payload)).toMatchObject({
        ok: false,
        error: { code },
      });
    }
    const sam = api(app.server.url, supervisor.token);
    expect(
      (await sam('POST', `/api/conversations/${conversationId}/notes`, { noteId: 'y', text: '' }))
        .body,
    ).toMatchObject({ error: { code: 'invalid' } });
    expect(
      (await sam('POST', `/api/conversations/${conversationId}/notes`, { noteId: 'y' })).status,
    ).toBe(400);
    // Agents do not write notes over REST.
    expect(
      (
        await api(app.server.url, app.agents[0]!.token)(
          'POST',
          `/api/conversations/${conversationId}/notes`,
          {
            noteId: 'z',
            text: 'hi',
          },
        )
      ).status,
    ).toBe(403);
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
    const globex = await setUpQueue(app.server.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: { email: 'admin@globex.test', password: 'globex app.admin passphrase' },
    });
    const hank = await connect(globex.agents[0]!);
    expect(
      await hank.request('chat:note', { conversationId, noteId: 'h', text: 'peek' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const globexAdmin = await login(
      app.server.url,
      'admin@globex.test',
      'globex app.admin passphrase',
    );
    const theirs = await api(app.server.url, globexAdmin)(
      'POST',
      `/api/conversations/${conversationId}/notes`,
      { noteId: 'h', text: 'peek' },
    );
    expect(theirs).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await eventsOf(conversationId)).toEqual(before);
  });
});
