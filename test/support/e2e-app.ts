import type { AppOverrides } from '../../apps/chat-server/src/bootstrap';
import { AgentClient, customerWrites, setUpQueue, type TestAgent } from './agents';
import { api, authEnv, login } from './auth';
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

export interface E2eAppOptions {
  /** Agents and the `default` queue to create once the server is up; none when left out. */
  readonly queue?: QueueOptions;
  /** Env on top of the signed-in users (authEnv) and the fixtures' pages on the fake Graph API. */
  readonly env?: Record<string, string>;
  readonly overrides?: AppOverrides;
  /** Prepares the fake Graph API before the server starts, so even its first call sees it. */
  readonly prepareGraph?: (graph: FakeGraphServer) => void;
  /** Forgets the fake Graph API's requests and rules after each test, for tests that count them. */
  readonly resetGraph?: boolean;
}

const tokenOf = (agent: TestAgent | string) => (typeof agent === 'string' ? agent : agent.token);

/**
 * The set-up most e2e specs share: the fake Graph API, the real server in-process wired to it
 * (startTestApp), optionally a queue of agents; the sockets a test connects are closed after it,
 * the servers after the describe. Call in a `describe`; read the getters inside hooks and tests.
 */
export function e2eApp(options: E2eAppOptions = {}) {
  let graph: FakeGraphServer;
  let server: TestApp;
  let admin = '';
  let agents: TestAgent[] = [];
  let clients: AgentClient[] = [];
  const shared: AgentClient[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    options.prepareGraph?.(graph);
    server = await startTestApp(
      authEnv({
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: graph.url,
        ...options.env,
      }),
      options.overrides,
    );
    if (options.queue) ({ admin, agents } = await setUpQueue(server.url, options.queue));
  });
  afterEach(() => {
    clients.forEach((c) => c.close());
    clients = [];
    if (options.resetGraph) graph.reset();
  });
  afterAll(async () => {
    shared.forEach((c) => c.close());
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
    get url() {
      return server.url;
    },
    /** The tenant admin's token, from the queue's set-up. */
    get admin() {
      return admin;
    },
    get agents() {
      return agents;
    },
    /** A JSON client of this server with `token`'s rights (none without). */
    api: (token?: string) => api(server.url, token),
    /** Signs in on this server and answers the bearer token. */
    login: (email: string, password: string) => login(server.url, email, password),
    /** A socket for the agent (or token), closed after the test. */
    async connect(agent: TestAgent | string, namespace?: string): Promise<AgentClient> {
      const client = await AgentClient.connect(server.url, tokenOf(agent), namespace);
      clients.push(client);
      return client;
    },
    /** A socket kept for all the describe's tests (connect it in a `beforeAll`), closed before the servers. */
    async connectShared(agent: TestAgent | string, namespace?: string): Promise<AgentClient> {
      const client = await AgentClient.connect(server.url, tokenOf(agent), namespace);
      shared.push(client);
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
