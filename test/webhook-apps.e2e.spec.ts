import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { DELIVERY_RECEIVED } from '../apps/chat-server/src/inbound/inbox';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, login } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { conversations, settle } from './support/inbound';
import { sign } from './support/messenger/webhooks';

/** Two apps in tenant acme, a third for tenant globex, and one an acme admin connects through the API. */
const ACME_APP = {
  id: '1000000000000001',
  secret: 'acme-app-secret-1',
  verifyToken: 'acme-verify-1',
};
const ACME_SECOND_APP = {
  id: '1000000000000002',
  secret: 'acme-app-secret-2',
  verifyToken: 'acme-verify-2',
};
const GLOBEX_APP = {
  id: '3000000000000003',
  secret: 'globex-app-secret',
  verifyToken: 'globex-verify-3',
};
const ACME_API_APP = { id: '4000000000000004', secret: 'acme-own-app-secret-via-api' };

const ACME_PAGE = '201000000000001';
const ACME_SECOND_PAGE = '201000000000002';
const GLOBEX_PAGE = '203000000000003';
const ACME_API_PAGE = '204000000000004';

const config = JSON.stringify({
  apps: [ACME_APP, ACME_SECOND_APP, GLOBEX_APP],
  pages: [
    { pageId: ACME_PAGE, tenantId: 'acme', appId: ACME_APP.id, accessToken: 'tok-a1' },
    {
      pageId: ACME_SECOND_PAGE,
      tenantId: 'acme',
      appId: ACME_SECOND_APP.id,
      accessToken: 'tok-a2',
    },
    { pageId: GLOBEX_PAGE, tenantId: 'globex', appId: GLOBEX_APP.id, accessToken: 'tok-g' },
  ],
});

let seq = 0;
/** One customer message per named page, in one delivery as Facebook batches them. */
function delivery(...pages: string[]): string {
  const timestamp = 1_700_000_000_000 + seq;
  return JSON.stringify({
    object: 'page',
    entry: pages.map((pageId) => ({
      id: pageId,
      time: timestamp,
      messaging: [
        {
          sender: { id: '7100000000000001' },
          recipient: { id: pageId },
          timestamp,
          message: { mid: `m_${++seq}`, text: `hello ${pageId}` },
        },
      ],
    })),
  });
}

/** A page echo found under one page's entry whose sender is another page. */
function echoFrom(entryPage: string, senderPage: string): string {
  return JSON.stringify({
    object: 'page',
    entry: [
      {
        id: entryPage,
        time: 1_700_000_000_000,
        messaging: [
          {
            sender: { id: senderPage },
            recipient: { id: '7100000000000001' },
            timestamp: 1_700_000_000_000,
            message: { mid: `m_echo_${++seq}`, is_echo: true, text: 'forged reply' },
          },
        ],
      },
    ],
  });
}

describe('webhook deliveries are checked against the app that owns each page', () => {
  const desk = e2eApp({ env: { MESSENGER_CONFIG: config } });
  let acmeApiVerifyToken: string;

  beforeAll(async () => {
    const acme = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    await acme('POST', '/api/queues', { queueId: 'support', name: 'S', routingMode: 'offer' });
    const created = await acme('POST', '/api/pages', {
      pageId: ACME_API_PAGE,
      name: 'Acme via API',
      appId: ACME_API_APP.id,
      accessToken: 'tok-api',
      appSecret: ACME_API_APP.secret,
      queueId: 'support',
    });
    expect(created.status).toBe(201);
    acmeApiVerifyToken = created.body.verifyToken;
  });

  const post = (body: string, secret: string, path = '/webhooks/messenger') =>
    fetch(`${desk.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, secret) },
      body,
    }).then(async (r) => ({ status: r.status, body: await r.text() }));

  const stored = async () =>
    (await desk.server.app.get<EventStore>(EVENT_STORE).readAll())
      .filter((e) => e.type === DELIVERY_RECEIVED)
      .map((e) => e.data.body as string);

  it('refuses with 403 and stores nothing: another tenant’s page, pages of two apps, a forged echo', async () => {
    const before = await stored();
    const refused: [string, string][] = [
      // Tenant acme signs a delivery for globex's page with the secret it set through the API…
      [delivery(GLOBEX_PAGE), ACME_API_APP.secret],
      // …or with its configured app's secret.
      [delivery(GLOBEX_PAGE), ACME_APP.secret],
      // Pages of two apps in one delivery, whichever secret signs it.
      [delivery(ACME_PAGE, GLOBEX_PAGE), ACME_APP.secret],
      [delivery(ACME_PAGE, GLOBEX_PAGE), GLOBEX_APP.secret],
      [delivery(ACME_PAGE, ACME_SECOND_PAGE), ACME_APP.secret],
      [delivery(ACME_API_PAGE, GLOBEX_PAGE), ACME_API_APP.secret],
      // An echo claiming to come from globex's page, filed under acme's page.
      [echoFrom(ACME_PAGE, GLOBEX_PAGE), ACME_APP.secret],
    ];
    for (const [body, secret] of refused) {
      const response = await post(body, secret);
      expect({ body, status: response.status }).toEqual({ body, status: 403 });
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'forbidden' } });
    }
    await settle(desk.server.app);
    expect(await stored()).toEqual(before);
    const tenants = [...(await conversations(desk.server.app)).values()].map(
      (e) => e[0]!.data.tenantId,
    );
    expect(tenants).not.toContain('globex');
  });

  it('stores each page’s delivery once when signed by its own app, on the shared and the app’s path', async () => {
    const accepted: [string, string, string?][] = [
      [delivery(ACME_PAGE), ACME_APP.secret],
      [delivery(ACME_SECOND_PAGE), ACME_SECOND_APP.secret],
      [delivery(GLOBEX_PAGE), GLOBEX_APP.secret],
      [delivery(ACME_API_PAGE), ACME_API_APP.secret],
      [delivery(GLOBEX_PAGE), GLOBEX_APP.secret, `/webhooks/messenger/${GLOBEX_APP.id}`],
    ];
    const before = await stored();
    for (const [body, secret, path] of accepted)
      expect((await post(body, secret, path)).status).toBe(200);
    expect((await stored()).slice(before.length)).toEqual(accepted.map(([body]) => body));
    await settle(desk.server.app);
    const started = [...(await conversations(desk.server.app)).values()]
      .map((events) => events[0]!.data)
      .map((d) => `${d.tenantId}/${d.pageId}`);
    expect(started.sort()).toEqual(
      [
        `acme/${ACME_PAGE}`,
        `acme/${ACME_SECOND_PAGE}`,
        `acme/${ACME_API_PAGE}`,
        `globex/${GLOBEX_PAGE}`,
      ].sort(),
    );
  });

  it('an app’s own path takes only deliveries for its pages', async () => {
    const before = await stored();
    const body = delivery(ACME_PAGE);
    expect((await post(body, ACME_APP.secret, `/webhooks/messenger/${GLOBEX_APP.id}`)).status).toBe(
      403,
    );
    expect((await post(body, ACME_APP.secret, `/webhooks/messenger/${ACME_APP.id}`)).status).toBe(
      200,
    );
    expect((await stored()).slice(before.length)).toEqual([body]);
  });

  it('acknowledges a signed delivery naming only a page nobody connected, and keeps nothing', async () => {
    const before = await stored();
    expect((await post(delivery('209999999999999'), ACME_APP.secret)).status).toBe(200);
    expect(await stored()).toEqual(before);
  });

  describe('subscription handshake', () => {
    const handshake = (token: string, path = '/webhooks/messenger') =>
      fetch(
        `${desk.url}${path}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=CH_${token}`,
      ).then(async (r) => ({ status: r.status, text: await r.text() }));

    it('answers every app’s verify token on the shared path', async () => {
      for (const token of [
        ACME_APP.verifyToken,
        ACME_SECOND_APP.verifyToken,
        GLOBEX_APP.verifyToken,
        acmeApiVerifyToken,
      ])
        expect(await handshake(token)).toEqual({ status: 200, text: `CH_${token}` });
      expect((await handshake('not-a-token-we-issued')).status).toBe(403);
    });

    it('on an app’s own path, answers its verify token and no other', async () => {
      const apps: [string, string][] = [
        [ACME_APP.id, ACME_APP.verifyToken],
        [ACME_SECOND_APP.id, ACME_SECOND_APP.verifyToken],
        [GLOBEX_APP.id, GLOBEX_APP.verifyToken],
        [ACME_API_APP.id, acmeApiVerifyToken],
      ];
      for (const [appId, own] of apps) {
        const path = `/webhooks/messenger/${appId}`;
        expect(await handshake(own, path)).toEqual({ status: 200, text: `CH_${own}` });
        for (const [, other] of apps.filter(([id]) => id !== appId)) {
          const refused = await handshake(other, path);
          expect({ appId, other, status: refused.status }).toEqual({ appId, other, status: 403 });
          expect(refused.text).not.toContain('CH_');
        }
      }
      expect((await handshake(ACME_APP.verifyToken, '/webhooks/messenger/999')).status).toBe(403);
    });
  });
});
