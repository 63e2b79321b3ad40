import { rmSync } from 'node:fs';
import { startTestApp, type TestApp } from './support/test-app';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  PLATFORM_EMAIL,
  PLATFORM_PASSWORD,
  api,
  authEnv,
  login,
} from './support/auth';
import {
  AGENT_DIRECTORY,
  type AgentDirectory,
} from '../apps/chat-server/src/tenants/agent-directory.port';

const PASSWORD = 'agent passphrase 123';

describe('tenants, users and queues', () => {
  let server: TestApp;
  let acme: ReturnType<typeof api>;
  let globex: ReturnType<typeof api>;
  let platform: ReturnType<typeof api>;
  let acmeAdminId: string;

  beforeAll(async () => {
    server = await startTestApp(authEnv());
    platform = api(server.url, await login(server.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    const created = await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: {
        email: 'admin@globex.test',
        password: 'globex admin passphrase',
        displayName: 'Hank',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantId: 'globex',
      name: 'Globex',
      adminUserId: expect.any(String),
    });
    const acmeToken = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    acme = api(server.url, acmeToken);
    globex = api(
      server.url,
      await login(server.url, 'admin@globex.test', 'globex admin passphrase'),
    );
    acmeAdminId = (await acme('GET', '/api/auth/me')).body.userId;
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets the platform admin list tenants and refuses a duplicate', async () => {
    const list = await platform('GET', '/api/tenants');
    expect(list.body.map((t: { tenantId: string }) => t.tenantId).sort()).toEqual([
      'acme',
      'globex',
    ]);
    const again = await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Again',
      admin: { email: 'other@globex.test', password: 'globex admin passphrase', displayName: 'X' },
    });
    expect(again.status).toBe(409);
    expect((await acme('GET', '/api/tenants')).status).toBe(403);
    expect((await platform('GET', '/api/users')).status).toBe(403);
  });

  it('creates, lists, updates and disables users, with capacity defaulting to 4', async () => {
    const created = await acme('POST', '/api/users', {
      email: 'Agent.One@acme.test',
      password: PASSWORD,
      displayName: 'Agent One',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'agent.one@acme.test',
      role: 'agent',
      maxChats: 4,
      disabled: false,
      tenantId: 'acme',
      updatedBy: acmeAdminId,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt/i);
    const id = created.body.userId;

    const agentToken = await login(server.url, 'agent.one@acme.test', PASSWORD);
    expect((await api(server.url, agentToken)('GET', '/api/users')).status).toBe(403);

    const updated = await acme('PATCH', `/api/users/${id}`, {
      maxChats: 6,
      displayName: 'Agent 1',
    });
    expect(updated.body).toMatchObject({ maxChats: 6, displayName: 'Agent 1' });
    const directory = server.app.get<AgentDirectory>(AGENT_DIRECTORY);
    expect(directory.capacityOf(id)).toBe(6);

    const list = await acme('GET', '/api/users');
    expect(list.body.map((u: { email: string }) => u.email).sort()).toEqual([
      ADMIN_EMAIL,
      'agent.one@acme.test',
    ]);

    expect((await acme('PATCH', `/api/users/${id}`, { disabled: true })).body.disabled).toBe(true);
    expect((await api(server.url, agentToken)('GET', '/api/auth/me')).status).toBe(401);
    expect(
      (
        await api(server.url)('POST', '/api/auth/login', {
          email: 'agent.one@acme.test',
          password: PASSWORD,
        })
      ).status,
    ).toBe(401);
    expect(directory.capacityOf(id)).toBe(0);
    await acme('PATCH', `/api/users/${id}`, {
      disabled: false,
      password: 'a brand new passphrase',
    });
    await login(server.url, 'agent.one@acme.test', 'a brand new passphrase');

    const events = await acme('GET', `/api/users/${id}/events`);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      'UserCreated',
      'UserUpdated',
      'UserDisabled',
      'UserPasswordChanged',
      'UserEnabled',
    ]);
    for (const e of events.body)
      expect(e).toMatchObject({ actor: acmeAdminId, at: expect.stringMatching(/^\d{4}-/) });
    expect(events.body[1].data).toEqual({
      userId: id,
      changes: { maxChats: 6, displayName: 'Agent 1' },
    });
    expect(JSON.stringify(events.body)).not.toContain('scrypt$');
  });

  it('refuses bad input naming the field, duplicate e-mails and self-lockout', async () => {
    const bad = (body: object) =>
      acme('POST', '/api/users', {
        email: 'x@acme.test',
        password: PASSWORD,
        displayName: 'X',
        role: 'agent',
        ...body,
      });
    for (const [body, field] of [
      [{ role: 'owner' }, 'role'],
      [{ maxChats: 51 }, 'maxChats'],
      [{ maxChats: 'four' }, 'maxChats'],
      [{ password: 'short' }, 'password'],
      [{ tenantId: 'globex' }, 'tenantId'],
    ] as const) {
      const r = await bad(body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain(field);
    }
    const dup = await bad({ email: ADMIN_EMAIL.toUpperCase() });
    expect(dup.status).toBe(409);
    expect((await acme('PATCH', `/api/users/${acmeAdminId}`, { disabled: true })).status).toBe(400);
    expect((await acme('PATCH', `/api/users/not-a-uuid`, {})).status).toBe(400);
  });

  it('manages queues with members and exposes them through AGENT_DIRECTORY', async () => {
    const agent = await acme('POST', '/api/users', {
      email: 'q.agent@acme.test',
      password: PASSWORD,
      displayName: 'Q',
      role: 'agent',
      maxChats: 2,
    });
    const agentId = agent.body.userId;
    const created = await acme('POST', '/api/queues', {
      queueId: 'support',
      name: 'Support',
      routingMode: 'offer',
      members: [agentId],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      queueId: 'support',
      routingMode: 'offer',
      members: [agentId],
    });
    expect(
      (
        await acme('POST', '/api/queues', {
          queueId: 'support',
          name: 'Again',
          routingMode: 'auto',
        })
      ).status,
    ).toBe(409);
    expect(
      (await acme('POST', '/api/queues', { queueId: 'Bad Id', name: 'x', routingMode: 'auto' }))
        .body.error.message,
    ).toContain('queueId');
    expect(
      (await acme('POST', '/api/queues', { queueId: 'x', name: 'x', routingMode: 'round-robin' }))
        .body.error.message,
    ).toContain('routingMode');

    const updated = await acme('PATCH', '/api/queues/support', { routingMode: 'auto' });
    expect(updated.body.routingMode).toBe('auto');

    const directory = server.app.get<AgentDirectory>(AGENT_DIRECTORY);
    expect(directory.queue('acme', 'support')).toMatchObject({
      routingMode: 'auto',
      members: [agentId],
    });
    expect(directory.membersOf('acme', 'support')).toEqual([agentId]);
    expect(directory.queuesOf(agentId).map((q) => q.queueId)).toEqual(['support']);
    expect(directory.capacityOf(agentId)).toBe(2);
    expect(directory.findUser(agentId)).toMatchObject({ tenantId: 'acme', role: 'agent' });
    expect(directory.queue('globex', 'support')).toBeUndefined();

    const events = await acme('GET', '/api/queues/support/events');
    expect(events.body).toEqual([
      expect.objectContaining({ type: 'QueueCreated', actor: acmeAdminId }),
      expect.objectContaining({
        type: 'QueueUpdated',
        actor: acmeAdminId,
        data: expect.objectContaining({ changes: { routingMode: 'auto' } }),
      }),
    ]);
  });

  it("answers 404 for another tenant's users and queues, and refuses them as members", async () => {
    const globexUsers = (await globex('GET', '/api/users')).body;
    expect(globexUsers.map((u: { email: string }) => u.email)).toEqual(['admin@globex.test']);
    expect((await globex('GET', '/api/queues')).body).toEqual([]);
    const acmeUsers = (await acme('GET', '/api/users')).body as { userId: string }[];
    for (const { userId } of acmeUsers) {
      expect((await globex('GET', `/api/users/${userId}`)).status).toBe(404);
      expect((await globex('PATCH', `/api/users/${userId}`, { maxChats: 1 })).status).toBe(404);
      expect((await globex('GET', `/api/users/${userId}/events`)).status).toBe(404);
    }
    expect((await globex('GET', '/api/queues/support')).status).toBe(404);
    expect((await globex('PATCH', '/api/queues/support', { name: 'mine' })).status).toBe(404);
    expect((await globex('GET', '/api/queues/support/events')).status).toBe(404);
    const foreign = await globex('POST', '/api/queues', {
      queueId: 'support',
      name: 'S',
      routingMode: 'offer',
      members: [acmeUsers[0]!.userId],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('members');
    // The same queue id in another tenant is a different queue.
    expect(
      (await globex('POST', '/api/queues', { queueId: 'support', name: 'G', routingMode: 'offer' }))
        .status,
    ).toBe(201);
    expect((await acme('GET', '/api/queues/support')).body.name).toBe('Support');
  });

  it('rebuilds the directory from the log after a restart', async () => {
    const before = (await acme('GET', '/api/users')).body;
    await server.app.close();
    const again = await startTestApp(authEnv({ DATA_DIR: server.dataDir }));
    try {
      const token = await login(again.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      expect((await api(again.url, token)('GET', '/api/users')).body).toEqual(before);
      expect((await api(again.url, token)('GET', '/api/queues/support')).body.routingMode).toBe(
        'auto',
      );
    } finally {
      await again.app.close();
      server = {
        ...server,
        close: async () => rmSync(server.dataDir, { recursive: true, force: true }),
      };
    }
  });
});
