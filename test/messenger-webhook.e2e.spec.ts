import { EVENT_STORE, StreamNotFoundError, type EventStore } from '@pagedesk/event-store';
import { PageActivity } from '../apps/chat-server/src/inbound/page-activity';
import { FakeGraphServer, graphFixture } from './support/fake-graph/fake-graph-server';
import { conversations, settle } from './support/inbound';
import {
  fixture,
  fixtureNames,
  messengerConfig,
  PAGE_ID,
  postWebhook,
  PSID,
  SECOND_PAGE_ID,
  sign,
  VERIFY_TOKEN,
} from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('Messenger webhook', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  afterAll(() => graph.close());
  beforeEach(async () => {
    graph.reset();
    graph.setProfile(PSID, graphFixture('profile') as Record<string, unknown>);
    server = await startTestApp({
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      WEBHOOK_BODY_LIMIT_BYTES: '65536',
    });
    store = server.app.get(EVENT_STORE);
  });
  afterEach(() => server.close());

  const inboxSize = async () =>
    (
      await store
        .readStream('inbox-messenger')
        .catch((e: unknown) => (e instanceof StreamNotFoundError ? [] : Promise.reject(e)))
    ).length;

  describe('subscription handshake', () => {
    const handshake = (query: string) => fetch(`${server.url}/webhooks/messenger?${query}`);

    it('echoes the challenge as plain text for our verify token', async () => {
      const response = await handshake(
        `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=CHALLENGE_ACCEPTED`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('CHALLENGE_ACCEPTED');
    });

    it.each([
      ['a wrong token', `hub.mode=subscribe&hub.verify_token=guess&hub.challenge=x`],
      ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=x`],
      ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`],
    ])('refuses %s with 403', async (_label, query) => {
      const response = await handshake(query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('CHALLENGE');
    });
  });

  describe('deliveries that are refused store nothing', () => {
    it('401 without a signature, 403 with a wrong one', async () => {
      const body = fixture('text');
      expect((await postWebhook(server.url, body, null)).status).toBe(401);
      expect((await postWebhook(server.url, body, sign(body, 'not-our-secret'))).status).toBe(403);
      expect((await postWebhook(server.url, body, 'sha256=zz')).status).toBe(403);
      expect(await inboxSize()).toBe(0);
    });

    it('checks the signature over the bytes received, not re-serialised JSON', async () => {
      const raw = fixture('text-unicode');
      const reserialised = JSON.stringify(JSON.parse(raw.toString('utf8')));
      expect(reserialised).not.toBe(raw.toString('utf8'));
      expect((await postWebhook(server.url, raw, sign(reserialised))).status).toBe(403);
      expect((await postWebhook(server.url, raw)).status).toBe(200);
      const [stored] = await store.readStream('inbox-messenger');
      expect(stored!.data.body).toBe(raw.toString('utf8'));
    });

    it.each([
      ['malformed JSON', '{"object":"page","entry":[', 400, 'invalid'],
      ['an object other than page', '{"object":"user","entry":[]}', 400, 'invalid'],
      [
        'a body over the limit',
        JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(70_000) }),
        413,
        'too_large',
      ],
    ])('answers %s with %s and its code', async (_label, body, status, code) => {
      const response = await postWebhook(server.url, body);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
      expect(await inboxSize()).toBe(0);
    });
  });

  describe('accepted deliveries', () => {
    it('acknowledges every shared fixture and keeps its raw bytes in the inbox', async () => {
      const names = fixtureNames();
      for (const name of names) {
        const response = await postWebhook(server.url, fixture(name));
        expect({ name, status: response.status }).toEqual({ name, status: 200 });
      }
      const inbox = await store.readStream('inbox-messenger');
      expect(inbox.map((e) => e.data.body)).toEqual(names.map((n) => fixture(n).toString('utf8')));
      await settle(server.app);
    });

    it('turns a text message into a started, queued conversation with the message and the profile', async () => {
      await postWebhook(server.url, fixture('text'));
      await settle(server.app);
      const all = await conversations(server.app);
      expect(all.size).toBe(1);
      const [events] = [...all.values()];
      expect(types(events!)).toEqual([
        'ConversationStarted',
        'ConversationQueued',
        'CustomerMessageReceived',
        'CustomerProfileFetched',
      ]);
      expect(events![0]!.data).toMatchObject({
        tenantId: 'acme',
        pageId: PAGE_ID,
        customer: { kind: 'psid', id: PSID },
        channel: 'messenger',
      });
      expect(events![2]!.data).toMatchObject({ mid: expect.any(String), text: expect.any(String) });
      expect(events![3]!.data).toMatchObject({ firstName: 'Anna', lastName: 'Schmidt' });
      const profileCall = graph.requests.find((r) => r.path === `/${PSID}`);
      expect(profileCall?.query).toMatchObject({
        fields: 'first_name,last_name,profile_pic',
        access_token: 'page-token-acme',
      });
    });

    it('records the message even when the profile call fails', async () => {
      graph.use((r) =>
        r.path === `/${PSID}` ? { status: 500, body: graphFixture('error-temporary') } : undefined,
      );
      await postWebhook(server.url, fixture('text'));
      await settle(server.app);
      const [events] = [...(await conversations(server.app)).values()];
      expect(types(events!)).toEqual([
        'ConversationStarted',
        'ConversationQueued',
        'CustomerMessageReceived',
        'CustomerProfileUnavailable',
      ]);
    });

    it('handles every entry of a batch, each page in its own tenant', async () => {
      await postWebhook(server.url, fixture('batched-two-pages'));
      await settle(server.app);
      const started = [...(await conversations(server.app)).values()].map(
        (events) => events[0]!.data,
      );
      expect(started.map((d) => [d.pageId, d.tenantId]).sort()).toEqual([
        [PAGE_ID, 'acme'],
        [SECOND_PAGE_ID, 'globex'],
      ]);
      const messages = [...(await conversations(server.app)).values()]
        .flat()
        .filter((e) => e.type === 'CustomerMessageReceived');
      expect(messages.map((e) => e.data.text).sort()).toEqual(['first', 'other page', 'second']);
    });

    it('drops updates for an unconfigured page without failing the delivery', async () => {
      const body = fixture('text').toString('utf8').replaceAll(PAGE_ID, '999999999999999');
      expect((await postWebhook(server.url, body)).status).toBe(200);
      await settle(server.app);
      expect((await conversations(server.app)).size).toBe(0);
    });

    it('records the same mid once however often Facebook delivers it', async () => {
      for (let i = 0; i < 3; i++) await postWebhook(server.url, fixture('text'));
      await settle(server.app);
      const events = [...(await conversations(server.app)).values()].flat();
      expect(events.filter((e) => e.type === 'CustomerMessageReceived')).toHaveLength(1);
    });

    it('notes when each page last had a webhook', async () => {
      await postWebhook(server.url, fixture('batched-two-pages'));
      await settle(server.app);
      const activity = server.app.get(PageActivity);
      expect(activity.get(PAGE_ID)).toMatchObject({
        deliveries: 1,
        lastWebhookAt: expect.any(String),
      });
      expect(activity.get(SECOND_PAGE_ID)).toMatchObject({ deliveries: 1 });
      expect(activity.get('1')).toBeUndefined();
    });
  });
});
