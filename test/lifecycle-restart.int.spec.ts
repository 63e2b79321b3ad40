import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, login } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import {
  DAY,
  HOUR,
  MovableClock,
  expiriesOf,
  settleLifecycle,
  waitUntil,
} from './support/lifecycle';
import { delivery } from './support/messenger/deliveries';
import {
  APP_ID,
  PAGE_ID,
  SECOND_PAGE_ID,
  messengerConfig,
  postWebhook,
} from './support/messenger/webhooks';
import { conversationOf, customerWrites, sentMessages } from './support/outbound';
import { startServerProcess } from './support/server-process';
import { startTestApp } from './support/test-app';

const OPENING = 'Welcome to Acme Outdoor.';

describe('the lifecycle schedule across a restart', () => {
  let graph: FakeGraphServer;
  let dataDir: string;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-lifecycle-restart-'));
  });
  afterAll(async () => {
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('expires every overdue conversation at once on start, and keeps future deadlines', async () => {
    const env = authEnv({
      DATA_DIR: dataDir,
      MESSENGER_GRAPH_API_URL: graph.url,
      MESSENGER_CONFIG: messengerConfig({
        pages: [
          {
            pageId: PAGE_ID,
            tenantId: 'acme',
            appId: APP_ID,
            accessToken: 'token-acme',
            openingMessage: OPENING,
          },
          {
            pageId: SECOND_PAGE_ID,
            tenantId: 'acme',
            appId: APP_ID,
            accessToken: 'token-tagged',
            humanAgentTagging: true,
            openingMessage: OPENING,
          },
        ],
      }),
      LOG_LEVEL: 'silent',
    });
    const now = Date.now();
    const customers = {
      overdue: { psid: '7300000000000001', at: now - 3 * DAY, pageId: PAGE_ID },
      tagged: { psid: '7300000000000002', at: now - 3 * DAY, pageId: SECOND_PAGE_ID },
      recent: { psid: '7300000000000003', at: now - HOUR, pageId: PAGE_ID },
    };
    const guest = { id: '4455667788990077', at: now - 2 * DAY };

    // Recorded by a server whose clock is ten days behind, so none of it was due then.
    const before = await startTestApp(env, { clock: new MovableClock(-10 * DAY) });
    const ids: Record<string, string> = {};
    for (const [name, c] of Object.entries(customers)) {
      await customerWrites(before.url, { id: c.psid }, { sentAt: c.at, pageId: c.pageId });
      ids[name] = await conversationOf(before.app, c.psid);
    }
    await postWebhook(
      before.url,
      delivery(PAGE_ID, {
        sender: { id: guest.id },
        recipient: { id: PAGE_ID },
        timestamp: guest.at,
        referral: { source: 'CUSTOMER_CHAT_PLUGIN', type: 'OPEN_THREAD', is_guest_user: 'true' },
      }),
    );
    ids.guest = await conversationOf(before.app, guest.id);
    await settleLifecycle(before.app);
    for (const id of Object.values(ids)) expect(await expiriesOf(before.app, id)).toEqual([]);
    await before.close();

    // The real server, on the real clock and the same data, in its own process.
    const child = await startServerProcess(env);
    try {
      const admin = api(child.url, await login(child.url, ADMIN_EMAIL, ADMIN_PASSWORD));
      const expiredIds = async () =>
        (
          (await admin('GET', '/api/conversations?status=expired')).body.items as {
            conversationId: string;
          }[]
        )
          .map((c) => c.conversationId)
          .sort();
      await waitUntil(async () => (await expiredIds()).length >= 2);
      expect(await expiredIds()).toEqual([ids.overdue, ids.guest].sort());
    } finally {
      await child.kill();
    }

    const clock = new MovableClock();
    const after = await startTestApp(env, { clock });
    try {
      await settleLifecycle(after.app);
      expect(await expiriesOf(after.app, ids.overdue!)).toMatchObject([
        { rule: '24h_after_last_customer_message', deadline: customers.overdue.at + DAY },
      ]);
      expect(await expiriesOf(after.app, ids.guest!)).toMatchObject([
        { rule: 'guest_24h_after_start', deadline: guest.at + DAY },
      ]);
      expect(await expiriesOf(after.app, ids.recent!)).toEqual([]);
      expect(await expiriesOf(after.app, ids.tagged!)).toEqual([]);

      clock.set(customers.recent.at + DAY);
      await settleLifecycle(after.app);
      expect(await expiriesOf(after.app, ids.recent!)).toMatchObject([
        { rule: '24h_after_last_customer_message', deadline: customers.recent.at + DAY },
      ]);
      expect(await expiriesOf(after.app, ids.tagged!)).toEqual([]);

      clock.set(customers.tagged.at + 7 * DAY);
      await settleLifecycle(after.app);
      expect(await expiriesOf(after.app, ids.tagged!)).toMatchObject([
        { rule: '7d_human_agent', deadline: customers.tagged.at + 7 * DAY },
      ]);
    } finally {
      await after.close();
    }

    // Only the recent customer was inside Messenger's window; nothing was sent twice across restarts.
    const openings = sentMessages(graph).filter(
      (r) => (r.body as { message: { text: string } }).message.text === OPENING,
    );
    expect(openings.map((r) => (r.body as { recipient: { id: string } }).recipient.id)).toEqual([
      customers.recent.psid,
    ]);
  });
});
