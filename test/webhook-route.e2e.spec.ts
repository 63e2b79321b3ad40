import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { StoreFaults } from '@pagedesk/event-store/testing/store-faults';
import { INBOX_STREAM } from '../apps/chat-server/src/inbound/inbox';
import * as fb from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, PSID, sign } from './support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The webhook's POST is answered ahead of Express and Nest (inbound/webhook-route.ts):
 * what the rest of the server gives every request, it must give too.
 */
/** What differs between two answers by nature, not by policy (/health's cache-control is terminus's). */
const HEADERS_OF_THE_ANSWER = [
  'content-type',
  'content-length',
  'date',
  'etag',
  'cache-control',
  'connection',
  'keep-alive',
  'x-request-id',
];

describe('the webhook route answers like the rest of the server', () => {
  let server: TestApp;
  let store: EventStore;
  beforeAll(async () => {
    server = await startTestApp({
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
      WEBHOOK_BODY_LIMIT_BYTES: '4096',
    });
    store = server.app.get(EVENT_STORE);
  });
  afterAll(() => server.close());

  const delivery = (mid: string) => fb.delivery(PAGE_ID, fb.text(PAGE_ID, PSID, mid, 'hi', 1e12));
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/webhooks/messenger`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': sign(body),
        ...headers,
      },
      body,
    });

  it('keeps a valid X-Request-Id, makes one otherwise, and stores it as the delivery’s correlation id', async () => {
    const given = await post(delivery('m_route_1'), { 'x-request-id': 'trace-route-1' });
    expect(given.status).toBe(200);
    expect(given.headers.get('x-request-id')).toBe('trace-route-1');
    const invalid = await post(delivery('m_route_2'), { 'x-request-id': 'no spaces allowed' });
    expect(invalid.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const stored = (await store.readStream(INBOX_STREAM)).map((e) => e.metadata.correlationId);
    expect(stored.slice(-2)).toEqual(['trace-route-1', invalid.headers.get('x-request-id')]);
  });

  it('sends the security headers and a request id on a refused delivery too', async () => {
    const tooLarge = await post(
      JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(5000) }),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(tooLarge.headers.get('x-frame-options')).toBe('DENY');
    expect(tooLarge.headers.get('x-powered-by')).toBeNull();
    expect(await tooLarge.json()).toEqual({
      error: { code: 'too_large', message: 'request body is too large' },
    });
  });

  it('sends the same security headers as every other route (computed once, not by helmet per request)', async () => {
    const security = (response: Response) =>
      Object.fromEntries(
        [...response.headers].filter(([name]) => !HEADERS_OF_THE_ANSWER.includes(name)),
      );
    const webhook = await post(delivery('m_route_headers'));
    const nest = await fetch(`${server.url}/health`);
    expect(webhook.status).toBe(200);
    expect(security(webhook)).toEqual(security(nest));
    expect(security(webhook)).toMatchObject({
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  });

  it('answers 503 unavailable, storing nothing, while the store refuses the inbox append; 200 once it heals', async () => {
    const faults = StoreFaults.inject(store).only((stream) => stream === INBOX_STREAM);
    try {
      const before = (await store.readStream(INBOX_STREAM)).length;
      faults.failAppends();
      const refused = await post(delivery('m_route_outage'));
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } });
      expect(await store.readStream(INBOX_STREAM)).toHaveLength(before);
      faults.heal();
      expect((await post(delivery('m_route_outage'))).status).toBe(200);
    } finally {
      faults.restore();
    }
  });

  it('leaves every other method and path to Nest', async () => {
    const put = await fetch(`${server.url}/webhooks/messenger`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(404);
    expect(await put.json()).toMatchObject({ error: { code: 'not_found' } });
    const body = delivery('m_deeper');
    const deeper = await fetch(`${server.url}/webhooks/messenger/1/2`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(deeper.status).toBe(404);
  });
});

describe('the webhook route’s log line', () => {
  let server: ServerProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-webhook-route-'));
  beforeAll(async () => {
    server = await startServerProcess({
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
    });
  });
  afterAll(async () => {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has the request’s id, method, path without query, status and time, and neither body nor signature', async () => {
    const body = fb.delivery(
      PAGE_ID,
      fb.text(PAGE_ID, PSID, 'm_logged', 'a private message', 1e12),
    );
    const signature = sign(body);
    const response = await fetch(`${server.url}/webhooks/messenger?hub.verify_token=secret-ish`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'x-request-id': 'trace-logged',
      },
      body,
    });
    expect(response.status).toBe(200);
    const line = await lineWith(server, '"trace-logged"');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'trace-logged', method: 'POST', url: '/webhooks/messenger' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(Object.keys(line.req as object).sort()).toEqual(['id', 'method', 'url']);
    const text = JSON.stringify(line);
    for (const secret of ['a private message', signature.slice(7), 'secret-ish'])
      expect(text).not.toContain(secret);
  });
});

/** The first 'request completed' line naming the marker, as soon as the server's output has it. */
function lineWith(server: ServerProcess, marker: string): Promise<Record<string, unknown>> {
  const stdout = server.child.stdout!;
  return new Promise((resolve) => {
    const check = () => {
      const line = server
        .output()
        .split('\n')
        .find((l) => l.includes(marker) && l.includes('request completed'));
      if (!line) return;
      stdout.off('data', check);
      resolve(JSON.parse(line) as Record<string, unknown>);
    };
    // After the listener that collects output(): each chunk is in it when this runs.
    stdout.on('data', check);
    check();
  });
}
