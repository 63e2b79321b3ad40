import fc from 'fast-check';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { authEnv, login, ADMIN_EMAIL, ADMIN_PASSWORD } from './support/auth';
import { deepText, hostileValue, toBody } from './support/hostile-values';
import { settle } from './support/inbound';
import * as fb from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, postWebhook, PSID } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const deepBody = deepText(20_000);

/** Messenger-shaped envelopes whose inner values are anything at all. */
const hostileDelivery = fc.record(
  {
    object: fc.oneof(fc.constant('page'), hostileValue),
    entry: fc.oneof(
      hostileValue,
      fc.array(
        fc.record(
          {
            id: fc.oneof(fc.constant(PAGE_ID), hostileValue),
            time: hostileValue,
            messaging: fc.oneof(
              hostileValue,
              fc.array(
                fc.record(
                  {
                    sender: fc.oneof(fc.constant({ id: PSID }), hostileValue),
                    recipient: fc.oneof(fc.constant({ id: PAGE_ID }), hostileValue),
                    timestamp: hostileValue,
                    message: hostileValue,
                    postback: hostileValue,
                    referral: hostileValue,
                    delivery: hostileValue,
                    read: hostileValue,
                    reaction: hostileValue,
                    message_edit: hostileValue,
                  },
                  { requiredKeys: ['sender', 'recipient'] },
                ),
                { maxLength: 3 },
              ),
            ),
            standby: hostileValue,
          },
          { requiredKeys: ['id'] },
        ),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: ['object'] },
);

describe('hostile input never causes a 500, a crash or a half-stored event', () => {
  let server: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    server = await startTestApp(
      authEnv({
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
      }),
    );
    store = server.app.get(EVENT_STORE);
  });
  afterAll(() => server.close());

  it('answers signed hostile webhook bodies with 200, 400 or 413, and processing carries on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileDelivery.map(toBody), hostileValue.map(toBody), deepBody),
        async (body) => {
          const response = await postWebhook(server.url, body);
          expect([200, 400, 413]).toContain(response.status);
        },
      ),
      { numRuns: 150, seed: 4242 },
    );
    await settle(server.app);
    const ok = await postWebhook(
      server.url,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, '999001', 'm_after_fuzz', 'still alive?', Date.now())),
    );
    expect(ok.status).toBe(200);
    await settle(server.app);
    const all = await store.readAll();
    expect(
      all.some((e) => e.type === 'CustomerMessageReceived' && e.data.mid === 'm_after_fuzz'),
    ).toBe(true);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  });

  it('answers hostile REST bodies with a 4xx and stores nothing for them', async () => {
    const token = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const call = rawJson(server.url, token);
    const routes: [string, string][] = [
      ['POST', '/api/users'],
      ['POST', '/api/queues'],
      ['POST', '/api/pages'],
      ['GET', '/api/conversations?status=%ff&limit=-1'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(hostileValue.map(toBody), deepBody),
        async ([method, path], body) => {
          const before = await store.headPosition();
          const response = await call(method, path, method === 'GET' ? undefined : body);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(response.body).toMatchObject({
            error: { code: expect.any(String), message: expect.any(String) },
          });
          expect(await store.headPosition()).toBe(before);
        },
      ),
      { numRuns: 120, seed: 77 },
    );
    const anonymous = rawJson(server.url);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileValue.map(toBody), deepBody), async (body) => {
        const response = await anonymous('POST', '/api/auth/login', body);
        expect([400, 401, 413, 429]).toContain(response.status);
      }),
      { numRuns: 60, seed: 5 },
    );
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

/** Sends the body text as it is: the point is to send what a well-behaved client never would. */
function rawJson(baseUrl: string, token?: string) {
  return async (method: string, path: string, body?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text for the assertion message
    }
    return { status: response.status, body: parsed };
  };
}
