import { AgentClient, customerWrites, setUpQueue, type TestAgent } from './agents';
import { api, authEnv } from './auth';
import { FakeGraphServer } from './fake-graph/fake-graph-server';
import { messengerConfig } from './messenger/webhooks';
import { startTestApp, type TestApp } from './test-app';

type QueueOptions = Parameters<typeof setUpQueue>[1];

/** One event of a conversation's history as admins read it (`GET /api/conversations/:id/history`). */
export interface HistoryEvent {
  readonly type: string;
  readonly actor: string;
  readonly data: Record<string, unknown>;
}

/**
 * The real server with the fake Graph API and one queue of agents, for tests that drive agents'
 * sockets; the sockets a test connects are closed after it. Call in a `describe`.
 */
export function queueApp(queue: QueueOptions, env: Record<string, string> = {}) {
  let graph: FakeGraphServer;
  let server: TestApp;
  let admin = '';
  let agents: TestAgent[] = [];
  let clients: AgentClient[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url, ...env }),
    );
    ({ admin, agents } = await setUpQueue(server.url, queue));
  });
  afterEach(() => {
    clients.forEach((c) => c.close());
    clients = [];
  });
  afterAll(async () => {
    await server?.close();
    await graph?.close();
  });

  const app = {
    get graph() {
      return graph;
    },
    get server() {
      return server;
    },
    /** The tenant admin's token. */
    get admin() {
      return admin;
    },
    get agents() {
      return agents;
    },
    async connect(agent: TestAgent): Promise<AgentClient> {
      const client = await AgentClient.connect(server.url, agent.token);
      clients.push(client);
      return client;
    },
    async eventsOf(conversationId: string): Promise<HistoryEvent[]> {
      const history = await api(server.url, admin)(
        'GET',
        `/api/conversations/${conversationId}/history`,
      );
      return history.body.events as HistoryEvent[];
    },
    /** The customer writes; the agent behind `client` accepts the request and holds the chat. */
    async chatHeldBy(client: AgentClient, psid: string, text: string): Promise<string> {
      await customerWrites(server.url, psid, text);
      const { conversationId } = await client.next(
        'chat:requested',
        (p) => p.customer?.id === psid,
      );
      expect((await client.request('chat:accept', { conversationId })).ok).toBe(true);
      await client.next('chat:assigned', (p) => p.conversationId === conversationId);
      return conversationId as string;
    },
  };
  return app;
}
