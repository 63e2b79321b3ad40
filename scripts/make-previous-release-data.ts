/**
 * Writes a small DATA_DIR the way a release writes it, for the test that
 * opens data of the release before a change (test/previous-release-data.e2e.spec.ts).
 * Run it with that release's code, e.g. for the commit before a schema change:
 *
 *   git archive <commit> | tar -x -C <dir>   (beside a `shared` fixtures directory, as in the repo's parent)
 *   cp scripts/make-previous-release-data.ts <dir>/scripts/ && cd <dir> && ln -s <repo>/node_modules
 *   node -r @swc-node/register scripts/make-previous-release-data.ts <repo>/test/fixtures/<name>
 *
 * What it leaves: tenant `acme` with its admin, two agents in an auto queue
 * (one chat each), five customers of which the first was closed, two are
 * assigned and two wait, and a page connected through the API.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AgentClient, customerWrites, setUpQueue } from '../test/support/agents';
import { api, authEnv } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { settle } from '../test/support/inbound';
import { APP_ID, messengerConfig } from '../test/support/messenger/webhooks';
import { startTestApp } from '../test/support/test-app';

async function main(out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  const graph = await FakeGraphServer.start();
  const server = await startTestApp(
    authEnv({
      DATA_DIR: out,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
    }),
  );
  const { admin, agents } = await setUpQueue(server.url, {
    agents: 2,
    routingMode: 'auto',
    maxChats: 1,
  });
  const page = await api(server.url, admin)('POST', '/api/pages', {
    pageId: '555000111222333',
    name: 'Acme Support',
    appId: APP_ID,
    accessToken: 'EAAB-fixture-token-zq81',
    appSecret: 'fixture-app-secret-77x4',
    queueId: 'default',
  });
  if (page.status !== 201) throw new Error(`page: ${JSON.stringify(page.body)}`);
  const ada = await AgentClient.connect(server.url, agents[0]!.token);
  const bob = await AgentClient.connect(server.url, agents[1]!.token);
  await ada.request('agent:status', { status: 'ready' });
  for (let i = 1; i <= 5; i++) await customerWrites(server.url, `690000${i}`);
  await settle(server.app);
  const first = await ada.next('chat:assigned');
  await ada.request('chat:close', { conversationId: first.conversationId });
  await settle(server.app);
  await ada.next('chat:assigned', (p) => p.conversationId !== first.conversationId);
  await bob.request('agent:status', { status: 'ready' });
  await bob.next('chat:assigned');
  await settle(server.app);
  ada.close();
  bob.close();
  await server.close();
  await graph.close();
  // Closing the last connection folds the WAL into the files: nothing else is part of the data.
  for (const name of ['events.db', 'read-models.db'])
    for (const suffix of ['-wal', '-shm']) rmSync(join(out, name + suffix), { force: true });
}

main(process.argv[2]!).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
