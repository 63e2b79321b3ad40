import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { api, authEnv, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { messengerConfig } from './support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from './support/server-process';

describe('agent routing across a restart', () => {
  let graph: FakeGraphServer;
  let dataDir: string;
  const running: ServerProcess[] = [];
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-restart-'));
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all(running.map((s) => s.kill()));
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await startServerProcess(
      authEnv({
        DATA_DIR: dataDir,
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: graph.url,
        LOG_LEVEL: 'warn',
      }),
    );
    running.push(server);
    return server;
  };
  const customerOf = (p: JsonBody): string => p.customer.id;
  /** The live figures once inbound has caught up (webhooks are processed after they are acknowledged). */
  const queueOnce = async (url: string, admin: string, waiting: number) => {
    for (let i = 0; ; i++) {
      const { body } = await api(url, admin)('GET', '/api/queues');
      if (body[0].live.waiting === waiting || i === 100) return body[0].live;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('keeps queued and assigned chats, in order, when the server is killed and started again', async () => {
    const first = await start();
    const { admin, agents } = await setUpQueue(first.url, {
      agents: 1,
      routingMode: 'offer',
      maxChats: 1,
    });
    let ada = await AgentClient.connect(first.url, agents[0]!.token);
    clients.push(ada);
    await ada.request('agent:status', { status: 'ready' });
    for (const psid of ['6700001', '6700002', '6700003']) await customerWrites(first.url, psid);
    const offer = await ada.next('chat:requested', (p) => customerOf(p) === '6700001');
    expect((await ada.request('chat:accept', { conversationId: offer.conversationId })).ok).toBe(
      true,
    );
    await ada.next('chat:assigned');
    expect(await queueOnce(first.url, admin, 2)).toMatchObject({ waiting: 2, agents: { load: 1 } });
    ada.close();
    await first.kill('SIGKILL');

    const second = await start();
    expect(await queueOnce(second.url, admin, 2)).toMatchObject({
      waiting: 2,
      agents: { load: 1, ready: 0 },
    });
    const agentsView = await api(second.url, admin)('GET', '/api/agents');
    expect(agentsView.body).toEqual([
      expect.objectContaining({
        agentId: agents[0]!.userId,
        status: 'offline',
        load: 1,
        conversations: [offer.conversationId],
      }),
    ]);

    ada = await AgentClient.connect(second.url, agents[0]!.token);
    clients.push(ada);
    const sync = await ada.request('sync', {});
    expect(sync.chats.map((c: JsonBody) => c.conversationId)).toEqual([offer.conversationId]);
    expect(sync.chats[0].events[0]).toMatchObject({
      name: 'chat:message',
      payload: { author: 'customer' },
    });
    await ada.request('agent:status', { status: 'ready' });
    await ada.request('chat:close', { conversationId: offer.conversationId });
    const next = await ada.next('chat:requested');
    expect(customerOf(next)).toBe('6700002');
  });
});
