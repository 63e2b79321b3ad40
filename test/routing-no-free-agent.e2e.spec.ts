import { Router } from '../apps/chat-server/src/routing/router';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { authEnv, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settleRouting } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const WAITING = 12;
const CAPACITY = 2;

/**
 * A queue that fills while no agent can take a chat (none ready: the night,
 * a load test): the acknowledging thread follows every event of every waiting
 * chat, and each one used to sort the whole waiting list to find the chat's
 * place, though no one's offers could change (issue 21: most of that thread's
 * routing time at 1,000 webhooks/s). Counted, not timed (a shared machine).
 */
describe('routing a queue no agent can take chats from', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let client: AgentClient | undefined;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url }),
    );
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    await graph?.close();
  });

  it('looks up no waiting chat’s place while no member is free, and offers the oldest once one is', async () => {
    const { agents } = await setUpQueue(server.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: CAPACITY,
    });
    await settleRouting(server.app);
    const before = server.app.get(Router).work().queuePlaces;
    const psid = (i: number) => `6420${String(i).padStart(6, '0')}`;
    for (let i = 0; i < WAITING; i++) await customerWrites(server.url, psid(i));
    // Follow-ups: more events of chats already waiting.
    for (let i = 0; i < WAITING; i++) await customerWrites(server.url, psid(i), 'still there?');
    await settleRouting(server.app);
    expect(server.app.get(Router).work().queuePlaces - before).toBe(0);

    // The rule is unchanged: an agent who turns ready is offered the oldest chats, one per free slot.
    client = await AgentClient.connect(server.url, agents[0]!.token);
    expect(await client.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
    const { offers } = await client.request('sync');
    expect(offers.map((p: JsonBody) => p.customer.id)).toEqual([0, 1].map(psid));
  }, 120_000);
});
