import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  EVENT_STORE,
  InvalidEventStoreArgumentError,
  type EventStore,
} from '@pagedesk/event-store';
import { StoreFaults } from '@pagedesk/event-store/testing/store-faults';
import { setUpQueue } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, login, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { conversations, settle } from './support/inbound';
import { waitUntil } from './support/lifecycle';
import * as fb from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');

async function cli(dataDir: string, ...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '' } },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
  }
}

const unknownKind = (psid: string, at: number) => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp: at,
  policy_enforcement: { action: 'block' },
});

describe('quarantine: visible to admins and recoverable', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let store: EventStore;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url }),
    );
    store = server.app.get(EVENT_STORE);
    await setUpQueue(server.url, { agents: 1, routingMode: 'offer' });
    admin = api(server.url, await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD));
  });
  afterAll(async () => {
    await server.close();
    await graph.close();
  });

  const post = async (...messaging: Record<string, unknown>[]) =>
    expect((await postWebhook(server.url, fb.delivery(PAGE_ID, ...messaging))).status).toBe(200);
  const recordedMids = async () =>
    [...(await conversations(server.app)).values()]
      .flat()
      .filter((e) => e.type === 'CustomerMessageReceived')
      .map((e) => e.data.mid as string);

  it('lists an update nobody can apply with its reason, its delivery and its index; the rest of the delivery goes on', async () => {
    const at = Date.now();
    await post(
      fb.text(PAGE_ID, '7392015641110001', 'm_q_before', 'before', at),
      unknownKind('7392015641110001', at + 1),
      fb.text(PAGE_ID, '7392015641110001', 'm_q_after', 'after', at + 2),
    );
    await settle(server.app);
    expect(await recordedMids()).toEqual(expect.arrayContaining(['m_q_before', 'm_q_after']));
    const list = await admin('GET', '/api/quarantine');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        reactor: 'inbound-messenger',
        status: 'quarantined',
        reason: 'unsupported_update',
        item: 1,
        pageId: PAGE_ID,
        retries: 0,
      }),
    ]);
    const [item] = list.body as JsonBody[];
    const shown = await admin('GET', `/api/quarantine/${item.quarantineId}`);
    expect(shown.body).toEqual(item);
    expect((await admin('GET', '/api/quarantine/summary')).body).toEqual({ quarantined: 1 });
    const ready = (await fetch(`${server.url}/ready`).then((r) => r.json())) as JsonBody;
    expect(ready.details.quarantine).toMatchObject({ total: 1 });
  });

  it('answers 404 for an id that is not in the tenant, 400 for one that is not an id', async () => {
    expect(
      (await admin('GET', '/api/quarantine/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await admin('GET', '/api/quarantine/not-an-id')).status).toBe(400);
  });

  it('a retry that still fails keeps the item, with the count and the new error', async () => {
    const [item] = (await admin('GET', '/api/quarantine?status=quarantined')).body as JsonBody[];
    const retried = await admin('POST', `/api/quarantine/${item.quarantineId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      status: 'quarantined',
      retries: 1,
      lastRetryError: expect.stringContaining('unsupported update'),
    });
  });

  it('a retry after the cause is gone applies the update once, however often it is asked', async () => {
    // An append refused as invalid is permanent: the update is quarantined, not retried.
    const faults = StoreFaults.inject(store)
      .only((s) => s.startsWith('conversation-'))
      .failingWith(() => new InvalidEventStoreArgumentError('injected: refused as invalid'))
      .failNextAppends(1);
    await post(fb.text(PAGE_ID, '7392015641110002', 'm_q_fixed', 'hello', Date.now()));
    await settle(server.app);
    faults.heal();
    expect(await recordedMids()).not.toContain('m_q_fixed');
    const item = ((await admin('GET', '/api/quarantine')).body as JsonBody[]).find(
      (i) => i.reason === 'invalid',
    );
    expect(item).toMatchObject({ status: 'quarantined', error: 'injected: refused as invalid' });
    const first = await admin('POST', `/api/quarantine/${item.quarantineId}/retry`);
    expect(first.body).toMatchObject({ status: 'released', retries: 1 });
    const again = await admin('POST', `/api/quarantine/${item.quarantineId}/retry`);
    expect(again.body).toMatchObject({ status: 'released', retries: 1 });
    await settle(server.app);
    expect((await recordedMids()).filter((m) => m === 'm_q_fixed')).toHaveLength(1);
  });

  it('the CLI lists, shows and retries, and the running server applies the retry', async () => {
    const listed = await cli(server.dataDir, 'quarantine', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('unsupported_update');
    const [item] = (await admin('GET', '/api/quarantine?status=quarantined')).body as JsonBody[];
    const shown = await cli(server.dataDir, 'quarantine', 'show', item.quarantineId);
    expect(JSON.parse(shown.stdout)).toMatchObject({ quarantineId: item.quarantineId, item: 1 });
    expect((await cli(server.dataDir, 'quarantine', 'retry')).code).toBe(2);
    const retried = await cli(server.dataDir, 'quarantine', 'retry', '--all');
    expect(retried.stdout).toContain('retry requested for 1 item(s)');
    await waitUntil(async () => {
      const now = await admin('GET', `/api/quarantine/${item.quarantineId}`);
      return now.body.retries === item.retries + 1;
    });
  });
});
