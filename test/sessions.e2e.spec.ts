import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient, setUpQueue } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, JWT_SECRET, SECRETS_KEY } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const post = (server: TestApp, path: string, body: object) => api(server.url)('POST', path, body);

async function signIn(server: TestApp, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const { status, body } = await post(server, '/api/auth/login', { email, password });
  expect(status).toBe(200);
  return body as { accessToken: string; refreshToken: string };
}

const me = (server: TestApp, token: string) =>
  api(server.url, token)('GET', '/api/auth/me').then((r) => r.status);

describe('sessions: rotating, revocable refresh tokens', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(authEnv());
  });
  afterAll(() => server.close());

  it('a refresh answers a new pair and retires the old refresh token', async () => {
    const first = await signIn(server);
    const second = await post(server, '/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ accessToken: expect.any(String), expiresIn: 900 });
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(await me(server, second.body.accessToken)).toBe(200);
    const third = await post(server, '/api/auth/refresh', {
      refreshToken: second.body.refreshToken,
    });
    expect(third.status).toBe(200);
    expect(await me(server, third.body.accessToken)).toBe(200);
  });

  it('reusing a rotated refresh token ends the whole family', async () => {
    const first = await signIn(server);
    const second = (await post(server, '/api/auth/refresh', { refreshToken: first.refreshToken }))
      .body;
    // Someone replays the first one: refused, and the legitimate holder's pair dies with it.
    expect(await post(server, '/api/auth/refresh', { refreshToken: first.refreshToken })).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthorized',
          message: 'refresh token used twice: session ended, sign in again',
        },
      },
    });
    expect(
      (await post(server, '/api/auth/refresh', { refreshToken: second.refreshToken })).status,
    ).toBe(401);
    expect(await me(server, second.accessToken)).toBe(401);
    // Other sessions of the same user are untouched.
    expect(await me(server, (await signIn(server)).accessToken)).toBe(200);
  });

  it('logout ends the session: its refresh token, its access tokens and its open sockets', async () => {
    const { agents } = await setUpQueue(server.url, { agents: 1, routingMode: 'offer' });
    const agent = agents[0]!;
    const session = await signIn(server, agent.email, 'agent passphrase 1234');
    const socket = await AgentClient.connect(server.url, session.accessToken);
    const closed = new Promise<void>((resolve) =>
      socket.socket.once('disconnect', () => resolve()),
    );
    expect(
      (await post(server, '/api/auth/logout', { refreshToken: session.refreshToken })).status,
    ).toBe(204);
    await closed;
    expect(await me(server, session.accessToken)).toBe(401);
    expect(
      (await post(server, '/api/auth/refresh', { refreshToken: session.refreshToken })).status,
    ).toBe(401);
    // The agent's other session (from setUpQueue) still works.
    expect(await me(server, agent.token)).toBe(200);
    expect((await post(server, '/api/auth/logout', { refreshToken: 'made-up' })).status).toBe(204);
  });

  it('a password change revokes refresh tokens issued before it', async () => {
    const admin = api(server.url, (await signIn(server)).accessToken);
    const created = await admin('POST', '/api/users', {
      email: 'pw@acme.test',
      password: 'agent passphrase 1234',
      displayName: 'Pat',
      role: 'agent',
    });
    const agent = { userId: created.body.userId as string, email: 'pw@acme.test' };
    const before = await signIn(server, agent.email, 'agent passphrase 1234');
    expect(
      (await admin('PATCH', `/api/users/${agent.userId}`, { password: 'another passphrase 77' }))
        .status,
    ).toBe(200);
    expect(
      await post(server, '/api/auth/refresh', { refreshToken: before.refreshToken }),
    ).toMatchObject({
      status: 401,
      body: { error: { message: 'session revoked: sign in again' } },
    });
  });
});

describe('keys for a development or demo start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-keys-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const withoutKeys = () => {
    const { JWT_SECRET: _j, SECRETS_KEY: _s, ...rest } = authEnv({ DATA_DIR: dataDir });
    return rest;
  };

  it('keeps generated keys in DATA_DIR (owner-only), so a restart signs nobody out', async () => {
    let server = await startTestApp(withoutKeys());
    const session = await signIn(server);
    await server.close();
    expect(statSync(join(dataDir, 'development-keys.json')).mode & 0o777).toBe(0o600);
    server = await startTestApp(withoutKeys());
    try {
      expect(await me(server, session.accessToken)).toBe(200);
      expect(
        (await post(server, '/api/auth/refresh', { refreshToken: session.refreshToken })).status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['JWT_SECRET', { SECRETS_KEY }],
    ['SECRETS_KEY', { JWT_SECRET }],
  ])('refuses a production start without %s in one line, no stack trace', (missing, given) => {
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '../apps/chat-server/src/main.ts')],
      {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          DATA_DIR: dataDir,
          PORT: '0',
          ...given,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `Invalid configuration: ${missing} is required in production`,
    ]);
  });
});
