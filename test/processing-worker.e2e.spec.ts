import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient, setUpQueue } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, login } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { APP_ID, postWebhook, sign, textDelivery } from './support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from './support/server-process';

const PAGES = ['555000000000001', '555000000000002', '555000000000003'];
const tokenOf = (pageId: string) => `EAAG-token-of-${pageId}`;
const appSecretOf = (pageId: string) => `app-secret-of-${pageId}`;

/**
 * Production's threading (processing in a worker thread) with pages connected
 * through the API and no SECRETS_KEY: the page secrets are sealed with a key
 * made for this run on the main thread, and the worker must open them to
 * check nothing and to send. Each page's first message comes the moment the
 * page exists, so the worker must already know the page.
 */
describe('processing worker with pages connected through the API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-worker-'));
  let graph: FakeGraphServer;
  let server: ServerProcess;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    const { SECRETS_KEY: _random, ...env } = authEnv({
      DATA_DIR: dataDir,
      MESSENGER_GRAPH_API_URL: graph.url,
    });
    server = await startServerProcess(env);
  }, 60_000);

  afterAll(async () => {
    await server?.kill();
    await graph?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('routes each new page’s first message at once and answers with the page’s own token', async () => {
    const { agents } = await setUpQueue(server.url, { agents: 1, routingMode: 'offer' });
    const admin = api(server.url, await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    const ada = await AgentClient.connect(server.url, agents[0]!.token);
    await ada.request('agent:status', { status: 'ready' });
    try {
      for (const [i, pageId] of PAGES.entries()) {
        const connected = await admin('POST', '/api/pages', {
          pageId,
          name: `Shop ${i}`,
          appId: APP_ID,
          accessToken: tokenOf(pageId),
          appSecret: appSecretOf(pageId),
          queueId: 'default',
        });
        expect(connected.status).toBe(201);
        const body = textDelivery(pageId, `71000000000000${i}`, `m_w_${i}`, 'hello', Date.now());
        expect((await postWebhook(server.url, body, sign(body, appSecretOf(pageId)))).status).toBe(
          200,
        );
        const offer = await ada.next('chat:requested', (p) => p.pageId === pageId);
        expect(
          (await ada.request('chat:accept', { conversationId: offer.conversationId })).ok,
        ).toBe(true);
        const sent = await ada.request('chat:send', {
          conversationId: offer.conversationId,
          clientMessageId: `c-${i}`,
          text: `Welcome to shop ${i}`,
        });
        expect(sent.ok).toBe(true);
        await ada.next(
          'chat:delivery',
          (p) => p.messageId === sent.messageId && p.status === 'sent',
        );
        await ada.request('chat:close', { conversationId: offer.conversationId });
      }
      const sends = graph
        .requestsTo('/me/messages')
        .filter((r) => JSON.stringify(r.body).includes('Welcome'));
      expect(sends.map((r) => r.query.access_token)).toEqual(PAGES.map(tokenOf));
    } finally {
      ada.close();
    }
  }, 60_000);

  it('lists the worker thread and the parts it runs beside the main thread’s on /ready', async () => {
    const response = await fetch(`${server.url}/ready`);
    expect(response.status).toBe(200);
    const { details } = (await response.json()) as {
      details: { background: { parts: { kind: string; name: string; state: string }[] } };
    };
    const parts = details.background.parts.map((p) => `${p.kind}:${p.name}:${p.state}`);
    expect(parts).toEqual(
      expect.arrayContaining([
        'worker:processing-worker:running',
        'reactor:inbound-messenger:running',
        'projection:transcript:running',
        'routing-feed:routing-feed:running',
      ]),
    );
    // Followed in both threads: the main thread's and the worker's page views.
    expect(parts.filter((p) => p === 'follower:pages:running')).toHaveLength(2);
  });
});
