import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { cannedResponsesStream } from '@pagedesk/tenancy';
import { setUpQueue, type TestAgent } from './support/agents';
import { api, authEnv, login, PLATFORM_EMAIL, PLATFORM_PASSWORD } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

/** Item 3 of issue 19 over REST: kept by supervisors and admins per tenant, read by agents, audited. */
describe('canned responses: per tenant, validated like a message, audited', () => {
  let server: TestApp;
  let admin: string;
  let agents: TestAgent[];
  const greet = {
    shortcut: 'greet',
    title: 'Greeting',
    content: { kind: 'text', text: 'Hi {{customer.first_name}}, {{agent.name}} here.' },
  };

  beforeAll(async () => {
    server = await startTestApp(authEnv());
    ({ admin, agents } = await setUpQueue(server.url, { agents: 1, routingMode: 'offer' }));
  });
  afterAll(() => server.close());

  const as = (token: string) => api(server.url, token);
  const streamEvents = async () => {
    const store = server.app.get<EventStore>(EVENT_STORE);
    return (await store.readStream(cannedResponsesStream('acme')).catch(() => [])).map((e) => ({
      type: e.type,
      actor: e.metadata.actor,
    }));
  };

  it('admins create, update and delete; agents list (per queue) but cannot change; each change is an event with its actor', async () => {
    const created = await as(admin)('POST', '/api/canned-responses', greet);
    expect(created).toMatchObject({
      status: 201,
      body: { ...greet, content: { ...greet.content, quickReplies: [] }, queueId: null },
    });
    const id = created.body.cannedResponseId as string;
    const buttons = {
      shortcut: 'track',
      title: 'Track an order',
      content: {
        kind: 'buttons',
        text: 'Track it here, {{customer.name}}',
        buttons: [{ type: 'web_url', title: 'Track', url: 'https://shop.example.com/track' }],
        quickReplies: [{ type: 'text', title: 'Thanks', payload: 'THANKS' }],
      },
      queueId: 'default',
    };
    expect((await as(admin)('POST', '/api/canned-responses', buttons)).status).toBe(201);

    const agent = as(agents[0]!.token);
    expect((await agent('POST', '/api/canned-responses', greet)).status).toBe(403);
    expect((await agent('PUT', `/api/canned-responses/${id}`, greet)).status).toBe(403);
    expect((await agent('DELETE', `/api/canned-responses/${id}`)).status).toBe(403);
    const shortcuts = async (query: string) =>
      (await agent('GET', `/api/canned-responses${query}`)).body.cannedResponses.map(
        (r: { shortcut: string }) => r.shortcut,
      );
    expect(await shortcuts('')).toEqual(['greet', 'track']);
    expect(await shortcuts('?queueId=default')).toEqual(['greet', 'track']);
    expect(await shortcuts('?queueId=other')).toEqual(['greet']);

    // A supervisor keeps them as an admin does.
    const supervisorEmail = 'sam@acme.test';
    const password = 'supervisor passphrase 1';
    await as(admin)('POST', '/api/users', {
      email: supervisorEmail,
      password,
      displayName: 'Sam',
      role: 'supervisor',
    });
    const supervisor = as(await login(server.url, supervisorEmail, password));
    const bye = { shortcut: 'bye', title: 'Bye', content: { kind: 'text', text: 'Bye!' } };
    const byeId = (await supervisor('POST', '/api/canned-responses', bye)).body.cannedResponseId;
    expect((await supervisor('DELETE', `/api/canned-responses/${byeId}`)).status).toBe(204);

    const updated = await as(admin)('PUT', `/api/canned-responses/${id}`, {
      ...greet,
      title: 'Hello',
    });
    expect(updated).toMatchObject({ status: 200, body: { cannedResponseId: id, title: 'Hello' } });
    expect((await as(admin)('DELETE', `/api/canned-responses/${id}`)).status).toBe(204);
    expect(await shortcuts('')).toEqual(['track']);
    expect((await as(admin)('DELETE', `/api/canned-responses/${id}`)).status).toBe(404);

    const me = (await as(admin)('GET', '/api/auth/me')).body.userId;
    const sam = (await supervisor('GET', '/api/auth/me')).body.userId;
    expect(await streamEvents()).toEqual([
      { type: 'CannedResponseCreated', actor: me },
      { type: 'CannedResponseCreated', actor: me },
      { type: 'CannedResponseCreated', actor: sam },
      { type: 'CannedResponseDeleted', actor: sam },
      { type: 'CannedResponseUpdated', actor: me },
      { type: 'CannedResponseDeleted', actor: me },
    ]);
  });

  it('refuses bad input with invalid (or conflict for a taken shortcut) and records nothing', async () => {
    const before = await streamEvents();
    for (const bad of [
      { ...greet, shortcut: 'track' },
      { ...greet, shortcut: 'Not A Shortcut' },
      { ...greet, title: '' },
      { ...greet, content: { kind: 'text', text: 'Hi {{customer.nickname}}' } },
      { ...greet, content: { kind: 'text', text: '' } },
      { ...greet, content: { kind: 'text', text: 'x'.repeat(2001) } },
      { ...greet, content: { kind: 'buttons', text: 'Pick', buttons: [] } },
      {
        ...greet,
        content: {
          kind: 'buttons',
          text: 'Pick',
          buttons: [{ type: 'web_url', title: 'Go', url: 'javascript:alert(1)' }],
        },
      },
      {
        ...greet,
        content: { kind: 'attachment', attachment: { type: 'image', url: 'https://x.test/a.png' } },
      },
      { ...greet, content: 'hello' },
      { ...greet, queueId: 'nope' },
      { title: 'No shortcut', content: greet.content },
    ]) {
      const answer = await as(admin)('POST', '/api/canned-responses', bad);
      const code = 'shortcut' in bad && bad.shortcut === 'track' ? 'conflict' : 'invalid';
      expect({ bad, answer }).toMatchObject({
        answer: { status: code === 'conflict' ? 409 : 400, body: { error: { code } } },
      });
    }
    expect(await streamEvents()).toEqual(before);
  });

  it('keeps tenants apart: another tenant lists only its own, and its admin gets 404 for our id', async () => {
    const platform = as(await login(server.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase', displayName: 'H' },
    });
    const globex = as(await login(server.url, 'admin@globex.test', 'globex admin passphrase'));
    const ours = (await as(admin)('GET', '/api/canned-responses')).body.cannedResponses[0];
    expect((await globex('GET', '/api/canned-responses')).body).toEqual({ cannedResponses: [] });
    // The same shortcut is free in another tenant.
    expect(
      (await globex('POST', '/api/canned-responses', { ...greet, shortcut: 'track' })).status,
    ).toBe(201);
    const before = await streamEvents();
    expect(
      await globex('PUT', `/api/canned-responses/${ours.cannedResponseId}`, greet),
    ).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await globex('DELETE', `/api/canned-responses/${ours.cannedResponseId}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect(await streamEvents()).toEqual(before);
    expect((await as(admin)('GET', '/api/canned-responses')).body.cannedResponses).toEqual([ours]);
  });
});
