import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import {
  DAY,
  HOUR,
  MovableClock,
  expiriesOf,
  settleLifecycle,
  waitUntil,
} from './support/lifecycle';
import { delivery, text } from './support/messenger/deliveries';
import {
  APP_ID,
  PAGE_ID,
  SECOND_PAGE_ID,
  messengerConfig,
  postWebhook,
} from './support/messenger/webhooks';
import { conversationOf, customerWrites } from './support/outbound';
import { startTestApp, type TestApp } from './support/test-app';

/** A Chat Plugin guest opening the chat: only the referral says the sender is a guest. */
const guestOpens = (pageId: string, guestId: string, timestamp: number) => ({
  sender: { id: guestId },
  recipient: { id: pageId },
  timestamp,
  referral: { source: 'CUSTOMER_CHAT_PLUGIN', type: 'OPEN_THREAD', is_guest_user: 'true' },
});

describe('conversation expiry with a moved clock', () => {
  const clock = new MovableClock();
  let graph: FakeGraphServer;
  let server: TestApp;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      {
        MESSENGER_GRAPH_API_URL: graph.url,
        LIFECYCLE_SWEEP_MS: '200',
        // PAGE_ID answers within Messenger's 24 hours only; SECOND_PAGE_ID may use the HUMAN_AGENT tag.
        MESSENGER_CONFIG: messengerConfig({
          pages: [
            { pageId: PAGE_ID, tenantId: 'acme', appId: APP_ID, accessToken: 'token-acme' },
            {
              pageId: SECOND_PAGE_ID,
              tenantId: 'acme',
              appId: APP_ID,
              accessToken: 'token-tagged',
              humanAgentTagging: true,
            },
          ],
        }),
      },
      { clock },
    );
  });
  afterAll(async () => {
    await server.close();
    await graph.close();
  });
  beforeEach(() => clock.set(Date.now()));

  it('expires 24 hours after the customer’s latest message, not before', async () => {
    const first = Date.now() - 2 * HOUR;
    await customerWrites(server.url, { id: '7100000000000001' }, { sentAt: first });
    await customerWrites(server.url, { id: '7100000000000001' }, { sentAt: first + HOUR });
    const id = await conversationOf(server.app, '7100000000000001');

    clock.set(first + HOUR + DAY - 60_000);
    await settleLifecycle(server.app);
    expect(await expiriesOf(server.app, id)).toEqual([]);

    clock.set(first + HOUR + DAY + 1_000);
    await settleLifecycle(server.app);
    const [expired, ...more] = await expiriesOf(server.app, id);
    expect(more).toEqual([]);
    expect(expired).toMatchObject({
      rule: '24h_after_last_customer_message',
      deadline: first + HOUR + DAY,
    });
    expect(expired!.expiredAt).toBeGreaterThanOrEqual(first + HOUR + DAY);
  });

  it('moves the deadline when the customer writes again before it', async () => {
    const start = Date.now();
    await customerWrites(server.url, { id: '7100000000000002' }, { sentAt: start });
    const id = await conversationOf(server.app, '7100000000000002');

    clock.set(start + 23 * HOUR);
    await customerWrites(server.url, { id: '7100000000000002' }, { sentAt: start + 23 * HOUR });
    clock.set(start + 25 * HOUR);
    await settleLifecycle(server.app);
    expect(await expiriesOf(server.app, id)).toEqual([]);

    clock.set(start + 47 * HOUR);
    await settleLifecycle(server.app);
    expect(await expiriesOf(server.app, id)).toMatchObject([
      { rule: '24h_after_last_customer_message', deadline: start + 47 * HOUR },
    ]);
  });

  it('gives a page with human-agent tagging 7 days', async () => {
    const sentAt = Date.now();
    await customerWrites(
      server.url,
      { id: '7100000000000003' },
      { sentAt, pageId: SECOND_PAGE_ID },
    );
    const id = await conversationOf(server.app, '7100000000000003');

    clock.set(sentAt + 2 * DAY);
    await settleLifecycle(server.app);
    expect(await expiriesOf(server.app, id)).toEqual([]);

    clock.set(sentAt + 7 * DAY);
    await settleLifecycle(server.app);
    expect(await expiriesOf(server.app, id)).toMatchObject([
      { rule: '7d_human_agent', deadline: sentAt + 7 * DAY },
    ]);
  });

  it('ends a Chat Plugin guest chat 24 hours after it started, however recent its last message', async () => {
    const guest = '4455667788990099';
    const start = Date.now();
    await postWebhook(server.url, delivery(PAGE_ID, guestOpens(PAGE_ID, guest, start)));
    await postWebhook(
      server.url,
      delivery(PAGE_ID, text(PAGE_ID, guest, 'm_guest_late', 'still there?', start + 20 * HOUR)),
    );
    const id = await conversationOf(server.app, guest);

    clock.set(start + DAY);
    await settleLifecycle(server.app);
    expect(await expiriesOf(server.app, id)).toMatchObject([
      { rule: 'guest_24h_after_start', deadline: start + DAY },
    ]);
  });

  it('expires on its own: the periodic sweep needs nobody to call it', async () => {
    const sentAt = Date.now();
    await customerWrites(server.url, { id: '7100000000000004' }, { sentAt });
    const id = await conversationOf(server.app, '7100000000000004');
    clock.set(sentAt + DAY + 1_000);
    await waitUntil(async () => (await expiriesOf(server.app, id)).length === 1);
  });
});
