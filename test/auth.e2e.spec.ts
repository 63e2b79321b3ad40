import { JwtService } from '@nestjs/jwt';
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
import { PasswordHasher } from '../apps/chat-server/src/auth/password-hasher';
import { TokenVerifier } from '../apps/chat-server/src/auth/token-verifier';
import { TenantDirectory } from '../apps/chat-server/src/tenants/tenant-directory';

describe('auth', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(authEnv());
  });
  afterAll(async () => {
    await server.close();
  });

  const loginRaw = (email: string, password: string, extraBody: object = {}) =>
    api(server.url)('POST', '/api/auth/login', { email, password, ...extraBody });

  it('logs the bootstrap admin in with a short-lived bearer token', async () => {
    const { status, body } = await loginRaw(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(status).toBe(200);
    expect(body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresIn: 8 * 3600,
    });
    const me = await api(server.url, body.accessToken)('GET', '/api/auth/me');
    expect(me).toEqual({
      status: 200,
      body: {
        userId: expect.any(String),
        tenantId: 'acme',
        role: 'admin',
        displayName: 'Administrator',
      },
    });
  });

  it('logs the platform admin in without a tenant', async () => {
    const token = await login(server.url, PLATFORM_EMAIL.toUpperCase(), PLATFORM_PASSWORD);
    const me = await api(server.url, token)('GET', '/api/auth/me');
    expect(me.body).toMatchObject({ tenantId: null, role: 'platform_admin' });
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const wrong = await loginRaw(ADMIN_EMAIL, 'not the password at all');
    const unknown = await loginRaw('ghost@acme.test', 'not the password at all');
    expect(wrong).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'invalid email or password' } },
    });
    expect(unknown).toEqual(wrong);
  });

  it('validates the login body, naming the field', async () => {
    const bad = await loginRaw('not-an-email', 'x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^email/);
    const extra = await loginRaw(ADMIN_EMAIL, ADMIN_PASSWORD, { tenant: 'acme' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/tenant/);
  });

  it('refuses /api without a token, with a forged one, an expired one or alg none', async () => {
    const call = (token?: string) => api(server.url, token)('GET', '/api/auth/me');
    expect((await call()).status).toBe(401);
    expect((await call('not.a.jwt')).status).toBe(401);
    const userId = server.app.get(TenantDirectory).credentialsOf(ADMIN_EMAIL)!.userId;
    const claims = { subject: userId, issuer: 'pagedesk', audience: 'pagedesk-api' };
    const forged = new JwtService({ secret: 'some-other-secret-of-enough-length-000000' }).sign(
      {},
      claims,
    );
    expect(await call(forged)).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'invalid access token' } },
    });
    const expired = server.app.get(JwtService).sign({}, { ...claims, expiresIn: -10 });
    expect((await call(expired)).body.error.message).toBe('access token expired');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: userId, iss: 'pagedesk', aud: 'pagedesk-api', exp: 9_999_999_999 }),
    ).toString('base64url');
    expect((await call(`${header}.${payload}.`)).status).toBe(401);
  });

  it('gives the socket gateway the same check through TokenVerifier', async () => {
    const verifier = server.app.get(TokenVerifier);
    const token = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(verifier.verify(token)).toMatchObject({ tenantId: 'acme', role: 'admin' });
    expect(() => verifier.verify('garbage')).toThrow(
      expect.objectContaining({ code: 'unauthorized' }),
    );
    expect(() => verifier.verify(undefined)).toThrow(
      expect.objectContaining({ code: 'unauthorized' }),
    );
  });

  it('leaves routes outside /api alone and serves the OpenAPI description', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const docs = await fetch(`${server.url}/api/docs-json`);
    expect(docs.status).toBe(200);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/auth/login');
  });
});

describe('login rate limiting', () => {
  let server: TestApp;
  beforeEach(async () => {
    server = await startTestApp(authEnv());
  });
  afterEach(async () => {
    await server.close();
  });

  const attempt = (email: string, password: string) =>
    api(server.url)('POST', '/api/auth/login', { email, password });

  it('locks an account after 5 failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt(ADMIN_EMAIL, `wrong password ${i}`)).status).toBe(401);
    const locked = await attempt(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    // Another account from the same address is still served.
    expect((await attempt(PLATFORM_EMAIL, PLATFORM_PASSWORD)).status).toBe(200);
  });

  it('counts 40 concurrent wrong logins before checking them: no more than the budget are checked', async () => {
    const guesses = Array.from({ length: 40 }, (_, i) =>
      i === 27 ? ADMIN_PASSWORD : `wrong password ${i}`,
    );
    const hasher = server.app.get(PasswordHasher);
    const verify = hasher.verify.bind(hasher);
    let checked = 0;
    jest.spyOn(hasher, 'verify').mockImplementation((password, hash) => {
      checked += 1;
      return verify(password, hash);
    });
    const answers = await Promise.all(guesses.map((p) => attempt(ADMIN_EMAIL, p)));
    expect(checked).toBe(5);
    const statuses = answers.map((a) => a.status);
    // Checked attempts answer 401 (or 200 for the right password); the rest never reach scrypt.
    expect(statuses.filter((s) => s !== 429)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    // The right password, hidden at guess 28, was not among the checked ones.
    expect(statuses[27]).toBe(429);
  });

  it('locks an address after 20 failures across accounts', async () => {
    for (let i = 0; i < 20; i++)
      expect((await attempt(`spray-${i}@acme.test`, 'wrong password!')).status).toBe(401);
    const blocked = await attempt(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
  });
});

describe('login limits behind a proxy (TRUST_PROXY)', () => {
  let server: TestApp;
  beforeEach(async () => {
    server = await startTestApp(authEnv({ TRUST_PROXY: 'loopback' }));
  });
  afterEach(async () => {
    await server.close();
  });

  const from = (address: string, password: string) =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email: ADMIN_EMAIL, password }),
    }).then((r) => r.status);

  it('a stranger guessing wrong locks only their own address out of the account', async () => {
    for (let i = 0; i < 5; i++) expect(await from('203.0.113.9', `wrong password ${i}`)).toBe(401);
    expect(await from('203.0.113.9', ADMIN_PASSWORD)).toBe(429);
    expect(await from('198.51.100.7', ADMIN_PASSWORD)).toBe(200);
  });

  it('caps guessing spread over many addresses per account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 55; i++)
      statuses.push(await from(`192.0.2.${i % 11}`, `wrong password ${i}`));
    expect(statuses.filter((s) => s === 401)).toHaveLength(50);
    expect(await from('198.51.100.8', ADMIN_PASSWORD)).toBe(429);
  });
});
