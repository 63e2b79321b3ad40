import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { StoreFaults } from '@pagedesk/event-store/testing/store-faults';
import type { PartStatus } from '@pagedesk/processing';
import { InboundModule } from '../apps/chat-server/src/inbound/inbound.module';
import { INBOX_STREAM } from '../apps/chat-server/src/inbound/inbox';
import { authEnv } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import { waitUntil } from './support/lifecycle';
import * as fb from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

interface Readiness {
  readonly status: string;
  readonly details: {
    readonly background: { readonly status: string; readonly parts: PartStatus[] };
    readonly quarantine: { readonly total: number; readonly byTenant: Record<string, number> };
  };
}

describe('/ready tells a load balancer whether processing keeps up', () => {
  let graph: FakeGraphServer;
  let server: TestApp;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  afterAll(() => graph.close());
  afterEach(() => server.close());

  const start = async (env: Record<string, string> = {}) => {
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url, ...env }),
    );
  };
  const ready = async () => {
    const response = await fetch(`${server.url}/ready`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };
  const part = (body: Readiness, name: string) =>
    body.details.background.parts.find((p) => p.name === name);

  it('lists every background part with its state, position and lag', async () => {
    await start();
    const { status, body } = await ready();
    expect(status).toBe(200);
    const parts = body.details.background.parts;
    const names = parts.map((p) => `${p.kind}:${p.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'reactor:inbound-messenger',
        'reactor:customer-profiles',
        'reactor:outbox',
        'reactor:automatic-messages',
        'reactor:lifecycle-schedule',
        'projection:conversation-list',
        'projection:transcript',
        'follower:pages',
        'follower:tenant-directory',
        'follower:quarantine',
        'follower:sessions',
        'routing-feed:routing-feed',
        'outbox:outbox-lanes',
        'scheduler:lifecycle-scheduler',
      ]),
    );
    for (const p of parts) expect(p).toMatchObject({ state: 'running', lastError: null });
    expect(part(body, 'inbound-messenger')).toMatchObject({
      lag: { events: 0, ms: 0 },
      position: expect.any(Number),
    });
    expect(body.details.quarantine).toEqual({ status: 'up', total: 0, byTenant: {} });
  });

  it('answers 503 while a reactor is stopped, naming it', async () => {
    await start();
    const [inbound] = server.app.get(InboundModule).reactors;
    await inbound!.stop();
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.status).toBe('error');
    expect(part(body, 'inbound-messenger')).toMatchObject({ state: 'stopped' });
    // Started again, it is ready again.
    inbound!.start();
    expect((await ready()).status).toBe(200);
  });

  it('says "retrying" with the last error during an outage, and 503 once it lags more than READY_MAX_LAG_MS', async () => {
    await start({ READY_MAX_LAG_MS: '1000' });
    const store = server.app.get<EventStore>(EVENT_STORE);
    const faults = StoreFaults.inject(store).only((s) => s !== INBOX_STREAM);
    faults.failAppends();
    const at = Date.now();
    const body = fb.delivery(PAGE_ID, fb.text(PAGE_ID, '7392015640000001', 'm_ready_1', 'hi', at));
    expect((await postWebhook(server.url, body)).status).toBe(200);
    await waitUntil(
      async () => part((await ready()).body, 'inbound-messenger')?.state === 'retrying',
    );
    const during = await ready();
    expect(part(during.body, 'inbound-messenger')).toMatchObject({
      state: 'retrying',
      lastError: { reason: 'unavailable', message: 'injected fault: append refused' },
    });
    await waitUntil(async () => (await ready()).status === 503);
    faults.heal();
    await settle(server.app);
    await waitUntil(async () => (await ready()).status === 200);
    expect(part((await ready()).body, 'inbound-messenger')).toMatchObject({ state: 'running' });
  });
});
