import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConversationFeed } from '../apps/chat-server/src/routing/conversation-feed';
import { AGENT_PASSWORD, AgentClient, customerWrites } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, login, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A DATA_DIR written by release 0.1.0 (commit 6f2defe, before filtered reads
 * and routing snapshots) by scripts/make-previous-release-data.ts: tenant
 * `acme`, two agents with one chat each, five customers (the first closed,
 * two assigned, two waiting), a page connected through the API.
 */
const FIXTURE = join(__dirname, 'fixtures/data-0.1.0-6f2defe');
const EVENTS_IN_FIXTURE = 45;

describe('a DATA_DIR written by the previous release', () => {
  let graph: FakeGraphServer;
  let dataDir: string;
  let server: TestApp | undefined;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-previous-release-'));
    cpSync(FIXTURE, dataDir, { recursive: true });
  });
  afterAll(async () => {
    await server?.close();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startTestApp(
      authEnv({
        DATA_DIR: dataDir,
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: graph.url,
      }),
    );

  it('opens after the upgrade with every event, user, page, queue and chat where it was, and keeps working', async () => {
    server = await start();
    const events = new Database(join(dataDir, 'events.db'), { readonly: true });
    expect(events.pragma('user_version', { simple: true })).toBe(1);
    expect(events.prepare('SELECT count(*) AS n FROM events').get()).toEqual({
      n: EVENTS_IN_FIXTURE,
    });
    events.close();

    const admin = await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const call = api(server.url, admin);
    const pages = await call('GET', '/api/pages');
    expect(pages.body.map((p: JsonBody) => [p.pageId, p.accessToken])).toContainEqual([
      '555000111222333',
      '••••zq81',
    ]);
    const [queue] = (await call('GET', '/api/queues')).body;
    expect(queue.live).toMatchObject({ waiting: 2, agents: { load: 2 } });
    const list = await call('GET', '/api/conversations');
    expect(list.body.items).toHaveLength(5);
    expect(server.app.get(ConversationFeed).book.sizes()).toMatchObject({
      live: 4,
      waiting: 2,
      holders: 2,
      recentlyEnded: 1,
    });

    // The agents of the old data sign in, close a chat and get the next customer in turn.
    const ada = await AgentClient.connect(
      server.url,
      await login(server.url, 'agent0@acme.test', AGENT_PASSWORD),
    );
    try {
      const sync = await ada.request('sync');
      expect(sync.ok).toBe(true);
      const [held] = sync.chats;
      expect(held.customer.id).toBe('6900002');
      await ada.request('agent:status', { status: 'ready' });
      expect(
        await ada.request('chat:close', { conversationId: held.conversationId }),
      ).toMatchObject({ ok: true });
      const next = await ada.next('chat:assigned');
      expect(next.customer.id).toBe('6900004');
      await customerWrites(server.url, '6900009');
      await settle(server.app);
      expect((await call('GET', '/api/conversations')).body.items).toHaveLength(6);
    } finally {
      ada.close();
    }
  });
});
