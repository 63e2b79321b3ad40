import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { AgentClient, setUpQueue } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, login } from './support/auth';
import { messengerConfig, PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

describe('HTTP hardening', () => {
  describe('with the default limits', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(authEnv({ MESSENGER_CONFIG: messengerConfig() }));
    });
    afterAll(() => server.close());

    it.each(['/api/auth/me', '/health', '/webhooks/messenger?hub.mode=x', '/no-such-page'])(
      'sends the security headers on %s and no X-Powered-By',
      async (path) => {
        const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
        const headers = Object.fromEntries(response.headers);
        expect(headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
        });
        expect(headers['x-powered-by']).toBeUndefined();
        const csp = headers['content-security-policy']!.split(';').map((d) => d.trim());
        expect(csp).toEqual(
          expect.arrayContaining([
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "connect-src 'self'",
          ]),
        );
      },
    );

    it('takes a genuine 4.5 MiB delivery (a big batch) as it takes a small one', async () => {
      const at = 1_700_000_000_000;
      const messaging = Array.from({ length: 2_100 }, (_, i) => ({
        sender: { id: '7300000000000001' },
        recipient: { id: PAGE_ID },
        timestamp: at + i,
        message: {
          mid: `m_big_${i}`,
          text: `„${'Größe ✓ "quoted" '.repeat(100)}”`.slice(0, 1_900),
        },
      }));
      const body = JSON.stringify({
        object: 'page',
        entry: [{ id: PAGE_ID, time: at, messaging }],
      });
      expect(Buffer.byteLength(body)).toBeGreaterThan(4.5 * 1024 * 1024);
      expect(Buffer.byteLength(body)).toBeLessThan(5 * 1024 * 1024);
      const response = await postWebhook(server.url, body);
      expect({ status: response.status, text: await response.text() }).toEqual({
        status: 200,
        text: 'EVENT_RECEIVED',
      });
      const stored = (await server.app.get<EventStore>(EVENT_STORE).readAll()).filter(
        (e) => e.type === 'MessengerDeliveryReceived',
      );
      expect(stored.map((e) => e.data.body)).toEqual([body]);
    });
  });

  describe('with small limits', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(
        authEnv({
          MESSENGER_CONFIG: messengerConfig(),
          REST_RATE_LIMIT: '5',
          REST_RATE_WINDOW_SECONDS: '60',
          SOCKETS_PER_USER: '2',
        }),
      );
    });
    afterAll(() => server.close());

    it('throttles REST per user (429 rate_limited) but never the webhook', async () => {
      const { agents } = await setUpQueue(server.url, { agents: 2, routingMode: 'offer' });
      const [ada, bob] = agents.map((a) => api(server.url, a.token));
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await ada!('GET', '/api/auth/me')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const refused = await ada!('GET', '/api/auth/me');
      expect(refused.body).toEqual({
        error: { code: 'rate_limited', message: expect.stringContaining('too many requests') },
      });
      // Another user from the same address has their own budget.
      expect((await bob!('GET', '/api/auth/me')).status).toBe(200);
      for (let i = 0; i < 20; i++)
        expect((await postWebhook(server.url, '{"object":"page","entry":[]}')).status).toBe(200);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    });

    it('caps open sockets per user', async () => {
      const token = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      const first = await AgentClient.connect(server.url, token, '/supervisor');
      const second = await AgentClient.connect(server.url, token, '/supervisor');
      await expect(AgentClient.connect(server.url, token, '/supervisor')).rejects.toMatchObject({
        data: { code: 'rate_limited' },
      });
      first.close();
      // The server hears of the close a moment later; until then the cap still counts it.
      const third = await retry(() => AgentClient.connect(server.url, token, '/supervisor'));
      second.close();
      third.close();
    });
  });
});

async function retry<T>(attempt: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
