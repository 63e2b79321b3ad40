import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import type { Clock } from '../../apps/chat-server/src/lifecycle/clock';
import { authEnv } from './auth';
import { FakeGraphServer } from './fake-graph/fake-graph-server';
import { messengerConfig } from './messenger/webhooks';
import { startTestApp, type TestApp } from './test-app';

export interface InProcessNodes {
  /** A fresh database for one test: its nodes share it. */
  database(): Promise<string>;
  /** A chat-server node on that database, closed after the test. */
  node(databaseUrl: string, env?: Record<string, string>, clock?: Clock): Promise<TestApp>;
  readonly graph: FakeGraphServer;
}

/**
 * Several chat-server nodes in this process on one embedded PostgreSQL and
 * one fake Graph API, for the cluster integration specs: registers the
 * jest hooks that start them once and close each test's nodes after it.
 */
export function inProcessNodes(): InProcessNodes {
  let postgres: TestPostgres;
  let graph: FakeGraphServer;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    [postgres, graph] = await Promise.all([startTestPostgres(), FakeGraphServer.start()]);
  }, 60_000);
  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) await app.close();
  });
  afterAll(async () => {
    await graph?.close();
    await postgres?.stop();
  });
  return {
    database: () => postgres.createDatabase(),
    async node(databaseUrl, env = {}, clock) {
      const app = await startTestApp(
        authEnv({
          DATABASE_URL: databaseUrl,
          MESSENGER_CONFIG: messengerConfig(),
          MESSENGER_GRAPH_API_URL: graph.url,
          ...env,
        }),
        clock ? { clock } : {},
      );
      // Idempotent, so a test may close a node itself (a rolling restart) and the hook after it too.
      let closed: Promise<void> | undefined;
      const node = { ...app, close: () => (closed ??= app.close()) };
      apps.push(node);
      return node;
    },
    get graph() {
      return graph;
    },
  };
}
