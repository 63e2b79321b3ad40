import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { startTestApp, type TestApp } from './support/test-app';
import { FakeGraphServer, graphFixture } from './support/fake-graph/fake-graph-server';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  api,
  authEnv,
  type JsonBody,
  login,
  createGlobex,
} from './support/auth';
import {
  APP_ID,
  PAGE_ID,
  messengerConfig,
  postWebhook,
  sign,
  textDelivery,
} from './support/messenger/webhooks';

const NEW_PAGE = '555000111222333';
const TOKEN = 'EAAG-page-token-SECRET-zq81';
const APP_SECRET = 'app-secret-SECRET-77x4';
const NEW_TOKEN = 'EAAG-rotated-token-SECRET-9k2m';

const pageBody = (extra: object = {}) => ({
  pageId: NEW_PAGE,
  name: 'Acme Support',
  username: 'acmesupport',
  appId: APP_ID,
  accessToken: TOKEN,
  appSecret: APP_SECRET,
  queueId: 'support',
  messages: { opening: 'Hi, {{agent}} here', offline: 'We are closed' },
  workingHours: {
    timeZone: 'Europe/Berlin',
    weekly: {
      monday: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
      saturday: [],
    },
    closedDates: ['2025-12-25'],
  },
  humanAgentTagging: true,
  ...extra,
});

describe('page integrations', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let acme: ReturnType<typeof api>;
  let globex: ReturnType<typeof api>;
  let adminId: string;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_GRAPH_API_URL: graph.url, MESSENGER_CONFIG: messengerConfig() }),
    );
    acme = api(server.url, await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    adminId = (await acme('GET', '/api/auth/me')).body.userId;
    await createGlobex(server.url, 'G');
    globex = api(
      server.url,
      await login(server.url, 'admin@globex.test', 'globex admin passphrase'),
    );
    expect(
      (
        await acme('POST', '/api/queues', {
          queueId: 'support',
          name: 'Support',
          routingMode: 'offer',
        })
      ).status,
    ).toBe(201);
    expect(
      (await globex('POST', '/api/queues', { queueId: 'support', name: 'G', routingMode: 'offer' }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await server.close();
    await graph.close();
  });
  beforeEach(() => graph.reset());

  it('connects a page with secrets masked and a generated verify token', async () => {
    const created = await acme('POST', '/api/pages', pageBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      pageId: NEW_PAGE,
      tenantId: 'acme',
      accessToken: '••••zq81',
      appSecret: '••••77x4',
      verifyToken: expect.stringMatching(/^[\w-]{32}$/),
      queueId: 'support',
      routingMode: 'offer',
      humanAgentTagging: true,
      messages: {
        opening: 'Hi, {{agent}} here',
        closing: null,
        offline: 'We are closed',
        error: null,
      },
      workingHours: { timeZone: 'Europe/Berlin', closedDates: ['2025-12-25'] },
      health: {
        tokenStatus: 'unchecked',
        tokenValid: true,
        lastWebhookAt: null,
        subscribedFields: null,
      },
      updatedBy: adminId,
    });
    const directory = server.app.get<PageDirectory>(PAGE_DIRECTORY);
    expect(directory.findPage(NEW_PAGE)).toMatchObject({
      tenantId: 'acme',
      accessToken: TOKEN,
      queueId: 'support',
      tokenValid: true,
    });
    expect(directory.appOf(NEW_PAGE)).toEqual({
      id: APP_ID,
      secret: APP_SECRET,
      verifyToken: created.body.verifyToken,
    });
    // The page's own app secret now checks its webhooks, and the delivery shows in its health.
    const delivery = textDelivery(NEW_PAGE, '7000000000000001', 'm_health_1', 'hello', Date.now());
    expect((await postWebhook(server.url, delivery, sign(delivery, APP_SECRET))).status).toBe(200);
    await waitUntil(
      async () => (await acme('GET', `/api/pages/${NEW_PAGE}`)).body.health.lastWebhookAt !== null,
    );
    // Secrets never leave: not in the log either, only sealed.
    const stored = await server.app.get<EventStore>(EVENT_STORE).readStream(`page-${NEW_PAGE}`);
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    expect(JSON.stringify(stored)).not.toContain(APP_SECRET);
  });

  it('refuses duplicates, config pages, a page without a token and bad fields', async () => {
    expect((await acme('POST', '/api/pages', pageBody())).status).toBe(409);
    expect((await globex('POST', '/api/pages', pageBody())).status).toBe(409);
    expect((await acme('POST', '/api/pages', pageBody({ pageId: PAGE_ID }))).status).toBe(409);
    const noToken = await acme('POST', '/api/pages', {
      ...pageBody({ pageId: '999' }),
      accessToken: undefined,
    });
    expect(noToken.status).toBe(400);
    expect(noToken.body.error.message).toMatch(
      /accessToken is required: a page cannot receive or answer messages/,
    );
    const cases: [object, string][] = [
      [{ pageId: 'abc' }, 'pageId'],
      [{ queueId: 'nope' }, 'queueId'],
      [{ routingMode: 'broadcast' }, 'routingMode'],
      [{ humanAgentTagging: 'yes' }, 'humanAgentTagging'],
      [{ messages: { opening: 'x'.repeat(2001) } }, 'messages.opening'],
      [{ messages: { greeting: 'hi' } }, 'messages.greeting'],
      [{ workingHours: { timeZone: 'Mars/Olympus', weekly: {} } }, 'workingHours.timeZone'],
      [
        {
          workingHours: { timeZone: 'UTC', weekly: { monday: [{ start: '9:00', end: '17:00' }] } },
        },
        'workingHours.weekly.monday',
      ],
      [
        {
          workingHours: { timeZone: 'UTC', weekly: { monday: [{ start: '10:00', end: '09:00' }] } },
        },
        'workingHours.weekly.monday[0].end',
      ],
      [
        {
          workingHours: {
            timeZone: 'UTC',
            weekly: {
              monday: [
                { start: '09:00', end: '12:00' },
                { start: '11:00', end: '13:00' },
              ],
            },
          },
        },
        'overlapping',
      ],
      [
        { workingHours: { timeZone: 'UTC', weekly: {}, closedDates: ['2025-02-30'] } },
        'workingHours.closedDates[0]',
      ],
      [{ unknownField: 1 }, 'unknownField'],
    ];
    for (const [extra, field] of cases) {
      const r = await acme('POST', '/api/pages', pageBody({ pageId: '999', ...extra }));
      expect([r.status, r.body.error.message]).toEqual([400, expect.stringContaining(field)]);
    }
    // The globex queue "support" exists, but a page in acme cannot use another tenant's queue either way.
    expect((await acme('GET', '/api/pages/999')).status).toBe(404);
  });

  it('tests the connection: success, then a Facebook token error that flips the page to needs-new-token', async () => {
    graph.use((r) =>
      r.path === '/me'
        ? { status: 200, body: { id: NEW_PAGE, name: 'Acme Support FB' } }
        : undefined,
    );
    const ok = await acme('POST', `/api/pages/${NEW_PAGE}/test-connection`);
    expect(ok).toEqual({
      status: 200,
      body: { ok: true, page: { id: NEW_PAGE, name: 'Acme Support FB' } },
    });
    expect(graph.requests[0]).toMatchObject({
      method: 'GET',
      path: '/me',
      query: { fields: 'id,name', access_token: TOKEN },
    });
    expect((await acme('GET', `/api/pages/${NEW_PAGE}`)).body.health).toMatchObject({
      tokenStatus: 'valid',
      facebookName: 'Acme Support FB',
    });

    graph.use((r) =>
      r.path === '/me'
        ? { status: 400, body: graphFixture('error-token-password-changed') }
        : undefined,
    );
    const failed = await acme('POST', `/api/pages/${NEW_PAGE}/test-connection`);
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual({
      ok: false,
      error: {
        code: 190,
        subcode: 460,
        message: expect.stringContaining('user changed their password'),
        fbtraceId: 'AbCdEf126',
      },
    });
    const page = (await acme('GET', `/api/pages/${NEW_PAGE}`)).body;
    expect(page.health).toMatchObject({
      tokenStatus: 'needs_new_token',
      tokenValid: false,
      tokenProblem: expect.stringContaining('password'),
    });
    expect(server.app.get<PageDirectory>(PAGE_DIRECTORY).findPage(NEW_PAGE)!.tokenValid).toBe(
      false,
    );

    // A new token makes the page usable again; the rotation is its own audited event.
    const rotated = await acme('PATCH', `/api/pages/${NEW_PAGE}`, { accessToken: NEW_TOKEN });
    expect(rotated.body).toMatchObject({
      accessToken: '••••9k2m',
      health: { tokenStatus: 'unchecked', tokenValid: true },
    });
    expect(server.app.get<PageDirectory>(PAGE_DIRECTORY).findPage(NEW_PAGE)).toMatchObject({
      accessToken: NEW_TOKEN,
      tokenValid: true,
    });
  });

  it('subscribes the page to the fields Pagedesk needs, and reports Facebook errors', async () => {
    const ok = await acme('POST', `/api/pages/${NEW_PAGE}/subscribe`);
    const fields =
      'messages,messaging_postbacks,messaging_referrals,message_deliveries,message_reads,message_echoes,message_edits,message_reactions';
    expect(ok).toEqual({ status: 200, body: { ok: true, fields: fields.split(',') } });
    expect(graph.requestsTo(`/${NEW_PAGE}/subscribed_apps`)[0]).toMatchObject({
      method: 'POST',
      query: { subscribed_fields: fields, access_token: NEW_TOKEN },
    });
    expect((await acme('GET', `/api/pages/${NEW_PAGE}`)).body.health).toMatchObject({
      subscribedFields: fields.split(','),
      subscribedAt: expect.any(String),
    });

    graph.use(() => ({ status: 400, body: graphFixture('error-rate-limit') }));
    const failed = await acme('POST', `/api/pages/${NEW_PAGE}/subscribe`);
    expect(failed.body).toMatchObject({
      ok: false,
      error: { code: expect.any(Number), message: expect.any(String) },
    });
  });

  it('validates and pushes the Messenger profile, reporting Facebook errors', async () => {
    const profile = {
      getStarted: { payload: 'GET_STARTED' },
      greeting: [{ locale: 'default', text: 'Hello {{user_first_name}}!' }],
      iceBreakers: [{ question: 'Where is my order?', payload: 'ORDER_STATUS' }],
      persistentMenu: [
        {
          locale: 'default',
          disabledSurfaces: ['CUSTOMER_CHAT_PLUGIN'],
          items: [
            { type: 'postback', title: 'Talk to an agent', payload: 'AGENT' },
            { type: 'web_url', title: 'Shop', url: 'https://shop.example.com' },
            {
              type: 'nested',
              title: 'More',
              items: [
                {
                  type: 'nested',
                  title: 'Even more',
                  items: [{ type: 'postback', title: 'Deep', payload: 'DEEP' }],
                },
              ],
            },
          ],
        },
      ],
    };
    const pushed = await acme('PUT', `/api/pages/${NEW_PAGE}/messenger-profile`, profile);
    expect(pushed).toEqual({ status: 200, body: { ok: true } });
    const [request] = graph.requestsTo('/me/messenger_profile');
    expect(request).toMatchObject({ method: 'POST', query: { access_token: NEW_TOKEN } });
    expect(request!.body).toEqual({
      get_started: { payload: 'GET_STARTED' },
      greeting: [{ locale: 'default', text: 'Hello {{user_first_name}}!' }],
      ice_breakers: [
        {
          locale: 'default',
          call_to_actions: [{ question: 'Where is my order?', payload: 'ORDER_STATUS' }],
        },
      ],
      persistent_menu: [
        {
          locale: 'default',
          composer_input_disabled: false,
          disabled_surfaces: ['CUSTOMER_CHAT_PLUGIN'],
          call_to_actions: [
            { type: 'postback', title: 'Talk to an agent', payload: 'AGENT' },
            {
              type: 'web_url',
              title: 'Shop',
              url: 'https://shop.example.com',
              webview_height_ratio: 'full',
            },
            {
              type: 'nested',
              title: 'More',
              call_to_actions: [
                {
                  type: 'nested',
                  title: 'Even more',
                  call_to_actions: [{ type: 'postback', title: 'Deep', payload: 'DEEP' }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect((await acme('GET', `/api/pages/${NEW_PAGE}/messenger-profile`)).body).toMatchObject({
      profile,
      setBy: adminId,
    });

    const menu = (items: object[]) => ({
      getStarted: { payload: 'GO' },
      persistentMenu: [{ locale: 'default', items }],
    });
    const postback = { type: 'postback', title: 'A', payload: 'A' };
    const invalid: [object, string][] = [
      [
        menu([postback, postback, postback, postback]),
        'persistentMenu[0].items must have 1 to 3 items',
      ],
      [menu([]), 'persistentMenu[0].items must have 1 to 3 items'],
      [
        { persistentMenu: [{ locale: 'default', items: [postback] }] },
        'persistentMenu needs getStarted',
      ],
      [menu([{ type: 'web_url', title: 'x', url: 'ftp://x' }]), 'persistentMenu[0].items[0].url'],
      [
        menu([{ type: 'postback', title: 'x'.repeat(31), payload: 'A' }]),
        'persistentMenu[0].items[0].title',
      ],
      [
        menu([{ type: 'nested', title: 'N', items: Array(6).fill(postback) }]),
        'persistentMenu[0].items[0].items must have 1 to 5',
      ],
      [
        menu([
          {
            type: 'nested',
            title: '1',
            items: [
              {
                type: 'nested',
                title: '2',
                items: [{ type: 'nested', title: '3', items: [postback] }],
              },
            ],
          },
        ]),
        'nests deeper than 3',
      ],
      [menu([{ type: 'call', title: 'x' }]), 'persistentMenu[0].items[0].type'],
      [
        {
          getStarted: { payload: 'GO' },
          persistentMenu: [{ locale: 'default', disabledSurfaces: ['WEB'], items: [postback] }],
        },
        'disabledSurfaces[0]',
      ],
      [
        { greeting: [{ locale: 'en_US', text: 'hi' }] },
        'greeting needs an entry with locale default',
      ],
      [
        { greeting: [{ locale: 'default', text: 'x'.repeat(161) }] },
        'greeting[0].text must be at most 160',
      ],
      [
        { iceBreakers: Array(5).fill({ question: 'q', payload: 'p' }) },
        'iceBreakers must have 1 to 4',
      ],
      [{ getStarted: { payload: 'GO', extra: 1 } }, 'getStarted.extra should not exist'],
      [{ colour: 'red' }, 'colour'],
      [{}, 'at least one'],
    ];
    for (const [body, message] of invalid) {
      const r = await acme('PUT', `/api/pages/${NEW_PAGE}/messenger-profile`, body);
      expect([r.status, r.body.error.message]).toEqual([400, expect.stringContaining(message)]);
    }
    expect(graph.requestsTo('/me/messenger_profile')).toHaveLength(1);

    graph.use(() => ({
      status: 400,
      body: {
        error: {
          message: '(#100) Invalid keys "foo"',
          type: 'OAuthException',
          code: 100,
          fbtrace_id: 'T1',
        },
      },
    }));
    const refused = await acme('PUT', `/api/pages/${NEW_PAGE}/messenger-profile`, {
      getStarted: { payload: 'X' },
    });
    expect(refused.body).toEqual({
      ok: false,
      error: { code: 100, subcode: null, message: '(#100) Invalid keys "foo"', fbtraceId: 'T1' },
    });
  });

  it('records every page change as an audited event, secrets shown only as changed', async () => {
    await acme('PATCH', `/api/pages/${NEW_PAGE}`, {
      routingMode: 'auto',
      messages: { closing: 'Bye' },
    });
    const events = (await acme('GET', `/api/pages/${NEW_PAGE}/events`)).body as {
      type: string;
      actor: string;
      at: string;
      data: JsonBody;
    }[];
    expect(events.map((e) => e.type)).toEqual([
      'PageConnected',
      'PageTokenVerified',
      'PageTokenInvalidated',
      'PageSecretsReplaced',
      'PageSubscribed',
      'MessengerProfileSet',
      'PageSettingsChanged',
    ]);
    for (const e of events)
      expect(e).toMatchObject({ actor: adminId, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(events[0]!.data).toMatchObject({ accessToken: '[changed]', appSecret: '[changed]' });
    expect(events[6]!.data.changes).toEqual({
      routingMode: 'auto',
      messages: {
        opening: 'Hi, {{agent}} here',
        closing: 'Bye',
        offline: 'We are closed',
        error: null,
      },
    });
    const text = JSON.stringify(events);
    for (const secret of [TOKEN, NEW_TOKEN, APP_SECRET]) expect(text).not.toContain(secret);
  });

  it('answers 404 to another tenant for every page route, and 403 to non-admins', async () => {
    const routes: [string, string, object?][] = [
      ['GET', `/api/pages/${NEW_PAGE}`],
      ['PATCH', `/api/pages/${NEW_PAGE}`, { name: 'stolen' }],
      ['POST', `/api/pages/${NEW_PAGE}/test-connection`],
      ['POST', `/api/pages/${NEW_PAGE}/subscribe`],
      ['GET', `/api/pages/${NEW_PAGE}/messenger-profile`],
      ['PUT', `/api/pages/${NEW_PAGE}/messenger-profile`, { getStarted: { payload: 'X' } }],
      ['GET', `/api/pages/${NEW_PAGE}/events`],
    ];
    for (const [method, path, body] of routes) {
      const r = await globex(method, path, body);
      expect([method, path, r.status, r.body.error.code]).toEqual([method, path, 404, 'not_found']);
    }
    expect((await globex('GET', '/api/pages')).body).toEqual([]);
    expect(graph.requests).toHaveLength(0);
    await acme('POST', '/api/users', {
      email: 'sup@acme.test',
      password: 'supervisor passphrase',
      displayName: 'S',
      role: 'supervisor',
    });
    const supervisor = api(
      server.url,
      await login(server.url, 'sup@acme.test', 'supervisor passphrase'),
    );
    expect((await supervisor('GET', '/api/pages')).status).toBe(403);
    expect((await api(server.url)('GET', '/api/pages')).status).toBe(401);
  });

  it('never returns a secret from any page route', async () => {
    const responses = await Promise.all([
      acme('GET', '/api/pages'),
      acme('GET', `/api/pages/${NEW_PAGE}`),
      acme('GET', `/api/pages/${NEW_PAGE}/events`),
      acme('GET', `/api/pages/${NEW_PAGE}/messenger-profile`),
      acme('PATCH', `/api/pages/${NEW_PAGE}`, { appSecret: 'another-app-secret-SECRET' }),
    ]);
    const text = JSON.stringify(responses);
    for (const secret of [
      TOKEN,
      NEW_TOKEN,
      APP_SECRET,
      'another-app-secret-SECRET',
      'page-token-acme',
    ])
      expect(text).not.toContain(secret);
  });

  it('marks a config page token invalid as an event, until the configured token changes', async () => {
    const directory = server.app.get<PageDirectory>(PAGE_DIRECTORY);
    expect(directory.findPage(PAGE_ID)!.tokenValid).toBe(true);
    await directory.markTokenInvalid(PAGE_ID, 'Error validating access token');
    expect(directory.findPage(PAGE_ID)!.tokenValid).toBe(false);
    const [event] = await server.app.get<EventStore>(EVENT_STORE).readStream(`page-${PAGE_ID}`);
    expect(event).toMatchObject({ type: 'PageTokenInvalidated', metadata: { actor: 'facebook' } });
    await server.app.close();
    const restartedWithNewToken = await startTestApp(
      authEnv({
        DATA_DIR: server.dataDir,
        MESSENGER_GRAPH_API_URL: graph.url,
        MESSENGER_CONFIG: messengerConfig({
          pages: [
            {
              pageId: PAGE_ID,
              tenantId: 'acme',
              appId: APP_ID,
              accessToken: 'a-fresh-config-token',
            },
          ],
        }),
      }),
    );
    const again = await startTestApp(
      authEnv({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'pagedesk-e2e-')),
        MESSENGER_CONFIG: messengerConfig(),
      }),
    );
    try {
      expect(
        restartedWithNewToken.app.get<PageDirectory>(PAGE_DIRECTORY).findPage(PAGE_ID)!.tokenValid,
      ).toBe(true);
      // The API page survived the restart, secrets opened with the same SECRETS_KEY.
      expect(
        restartedWithNewToken.app.get<PageDirectory>(PAGE_DIRECTORY).findPage(NEW_PAGE),
      ).toMatchObject({ accessToken: NEW_TOKEN, tokenValid: true });
    } finally {
      await restartedWithNewToken.app.close();
      await again.close();
      server = {
        ...server,
        close: async () => rmSync(server.dataDir, { recursive: true, force: true }),
      };
    }
  });
});

describe('secrets in logs', () => {
  it('never writes a page token, app secret or password to the log, even at debug level', async () => {
    const graph = await FakeGraphServer.start();
    graph.use((r) =>
      r.path === '/me'
        ? { status: 400, body: graphFixture('error-token-password-changed') }
        : undefined,
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-logs-'));
    const port = await freePort();
    const output: string[] = [];
    const child: ChildProcess = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '../apps/chat-server/src/main.ts')],
      {
        env: {
          ...process.env,
          ...authEnv(),
          LOG_LEVEL: 'debug',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          MESSENGER_GRAPH_API_URL: graph.url,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitUntil(
        async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200,
        60_000,
      );
      const acme = api(url, await login(url, ADMIN_EMAIL, ADMIN_PASSWORD));
      await acme('POST', '/api/queues', { queueId: 'support', name: 'S', routingMode: 'offer' });
      const created = await acme('POST', '/api/pages', pageBody());
      expect(created.status).toBe(201);
      await acme('POST', `/api/pages/${NEW_PAGE}/test-connection`);
      await acme('POST', `/api/pages/${NEW_PAGE}/subscribe`);
      await acme('PATCH', `/api/pages/${NEW_PAGE}`, { accessToken: NEW_TOKEN, appSecret: 'x' });
      await acme(
        'POST',
        '/api/pages',
        pageBody({ pageId: '777', accessToken: 'EAAG-bad-SECRET', queueId: 'Bad Queue' }),
      );
      await api(url)('POST', '/api/auth/login', {
        email: ADMIN_EMAIL,
        password: 'a wrong SECRET password',
      });
      const delivery = textDelivery(NEW_PAGE, '7000000000000002', 'm_log_1', 'hi', Date.now());
      await postWebhook(url, delivery, sign(delivery, APP_SECRET));
      await fetch(
        `${url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=SECRET-verify&hub.challenge=1`,
      );
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await graph.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const log = output.join('');
    expect(log).toContain('"level":20'); // debug lines were written
    expect(log).toContain('login failed');
    expect(log).toContain('/api/pages');
    for (const secret of [TOKEN, NEW_TOKEN, APP_SECRET, ADMIN_PASSWORD, 'SECRET', 'EAAG'])
      expect(log).not.toContain(secret);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
