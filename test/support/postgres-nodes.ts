import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { authEnv } from './auth';
import { FakeGraphServer } from './fake-graph/fake-graph-server';
import { messengerConfig } from './messenger/webhooks';
import { startServerProcess, type ServerProcess } from './server-process';

export interface PostgresNodesOptions {
  /** Names each node's DATA_DIR, so a kept folder tells which spec left it. */
  readonly dirPrefix: string;
  /** Env of every node, on top of the signed-in users and the fixtures' pages on the fake Graph API. */
  readonly env?: Record<string, string>;
  /** How long a node may take to answer /ready; startServerProcess's own when left out. */
  readonly startTimeoutMs?: number;
  /** Kills the nodes after each test, for specs whose tests each start their own. */
  readonly killAfterEach?: boolean;
}

/**
 * The set-up the specs of several chat-server processes on one PostgreSQL share: the database
 * server and the fake Graph API for the describe, `start()` for a node (its own empty DATA_DIR,
 * as a replacement machine), every node killed and every folder removed after. Call in a
 * `describe`; a spec's own `afterAll` declared before the call runs before this teardown.
 */
export function postgresNodes(options: PostgresNodesOptions) {
  let postgres: TestPostgres;
  let graph: FakeGraphServer;
  let databaseUrl: string;
  const dirs: string[] = [];
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    [postgres, graph] = await Promise.all([startTestPostgres(), FakeGraphServer.start()]);
    databaseUrl = await postgres.createDatabase();
  }, 60_000);
  if (options.killAfterEach) afterEach(() => Promise.all(running.splice(0).map((s) => s.kill())));
  afterAll(async () => {
    await Promise.all(running.map((s) => s.kill()));
    await graph?.close();
    await postgres?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get postgres() {
      return postgres;
    },
    get graph() {
      return graph;
    },
    /** The describe's database; a test may create another with `postgres.createDatabase()`. */
    get databaseUrl() {
      return databaseUrl;
    },
    /** The nodes started and not yet killed by the teardown, in start order. */
    running: running as readonly ServerProcess[],
    async start(env: Record<string, string> = {}, database = databaseUrl): Promise<ServerProcess> {
      const dataDir = mkdtempSync(join(tmpdir(), options.dirPrefix));
      dirs.push(dataDir);
      const server = await startServerProcess(
        authEnv({
          DATA_DIR: dataDir,
          DATABASE_URL: database,
          MESSENGER_CONFIG: messengerConfig(),
          MESSENGER_GRAPH_API_URL: graph.url,
          ...options.env,
          ...env,
        }),
        options.startTimeoutMs,
      );
      running.push(server);
      return server;
    },
  };
}
