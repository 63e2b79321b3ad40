import { DateTime } from 'luxon';
import { type AutomaticMessageRequested } from '@pagedesk/conversation';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, authEnv, login } from './support/auth';
import { FakeGraphServer, type GraphRequest } from './support/fake-graph/fake-graph-server';
import { DAY, MovableClock, expiriesOf, settleLifecycle } from './support/lifecycle';
import { APP_ID, APP_SECRET, postWebhook, textDelivery } from './support/messenger/webhooks';
import {
  AGENT,
  assignAgent,
  conversationOf,
  eventsOf,
  sentMessages,
  typesOf,
} from './support/outbound';
import { agentCommand } from './support/read-models';
import { startTestApp, type TestApp } from './support/test-app';

const CLOSED_PAGE = '600000000000001';
const QUEUEING_PAGE = '600000000000002';
const OPEN_PAGE = '600000000000003';
const MESSAGES = {
  opening: 'Welcome to Acme Outdoor.',
  closing: 'Thanks for writing, goodbye.',
  offline: 'We are closed right now; an agent will answer when we open.',
};
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const EVERY_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
    d,
    ALL_DAY,
  ]),
);
/** Open around the clock except yesterday, today and tomorrow in Berlin: closed now, open in three days. */
const closedAroundToday = () => {
  const today = DateTime.now().setZone('Europe/Berlin');
  return {
    timeZone: 'Europe/Berlin',
    weekly: EVERY_DAY,
    closedDates: [-1, 0, 1].map((d) => today.plus({ days: d }).toISODate()),
  };
};

const textsTo = (graph: FakeGraphServer, psid: string) =>
  sentMessages(graph)
    .filter((r: GraphRequest) => (r.body as { recipient: { id: string } }).recipient.id === psid)
    .map((r) => (r.body as { message: { text: string } }).message.text);

const automaticTriggers = async (server: TestApp, conversationId: string) =>
  (await eventsOf(server.app, conversationId))
    .filter((e) => e.type === 'AutomaticMessageRequested')
    .map((e) => (e.data as unknown as AutomaticMessageRequested['data']).trigger)
    .sort();

describe('working hours, and automatic messages sent once', () => {
  const clock = new MovableClock();
  let graph: FakeGraphServer;
  let server: TestApp;

  /** The customer writes (and Facebook redelivers the first message); returns the conversation. */
  async function customerWritesTwice(pageId: string, psid: string): Promise<string> {
    const first = textDelivery(pageId, psid, `m_${psid}_1`, 'Hello?', Date.now());
    for (const body of [
      first,
      first,
      textDelivery(pageId, psid, `m_${psid}_2`, 'Anyone?', Date.now()),
    ]) {
      expect((await postWebhook(server.url, body)).status).toBe(200);
    }
    await settleLifecycle(server.app);
    return conversationOf(server.app, psid);
  }

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_GRAPH_API_URL: graph.url, LIFECYCLE_SWEEP_MS: '200' }),
      { clock },
    );
    const admin = api(server.url, await login(server.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    const queue = await admin('POST', '/api/queues', {
      queueId: 'support',
      name: 'Support',
      routingMode: 'offer',
    });
    expect(queue.status).toBe(201);
    const page = (pageId: string, extra: object) => ({
      pageId,
      name: `Acme ${pageId}`,
      appId: APP_ID,
      accessToken: `token-${pageId}`,
      appSecret: APP_SECRET,
      queueId: 'support',
      messages: MESSAGES,
      ...extra,
    });
    for (const body of [
      page(CLOSED_PAGE, { workingHours: closedAroundToday(), humanAgentTagging: true }),
      page(QUEUEING_PAGE, { workingHours: closedAroundToday(), queueOutsideHours: true }),
      page(OPEN_PAGE, { workingHours: { timeZone: 'America/New_York', weekly: EVERY_DAY } }),
    ]) {
      const created = await admin('POST', '/api/pages', body);
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    await server.close();
    await graph.close();
  });
  beforeEach(() => clock.set(Date.now()));

  it('outside hours sends the offline message once and holds the conversation until the page opens', async () => {
    const psid = '7200000000000001';
    const id = await customerWritesTwice(CLOSED_PAGE, psid);

    expect(typesOf(await eventsOf(server.app, id))).not.toContain('ConversationQueued');
    expect(await automaticTriggers(server, id)).toEqual(['offline', 'opening']);
    expect(textsTo(graph, psid).filter((t) => t === MESSAGES.offline)).toHaveLength(1);

    // Still closed: a sweep leaves it alone.
    await settleLifecycle(server.app);
    expect(typesOf(await eventsOf(server.app, id))).not.toContain('ConversationQueued');

    // Three days on the closed dates are past; the page's 7-day window keeps the chat alive.
    clock.set(Date.now() + 3 * DAY);
    await settleLifecycle(server.app);
    const queued = (await eventsOf(server.app, id)).filter((e) => e.type === 'ConversationQueued');
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data).toMatchObject({ queue: 'support' });
    expect(queued[0]!.metadata.actor).toBe('scheduler');
    expect(await expiriesOf(server.app, id)).toEqual([]);
    expect(textsTo(graph, psid).filter((t) => t === MESSAGES.offline)).toHaveLength(1);
  });

  it('outside hours on a page that queues anyway sends the offline message and queues at once', async () => {
    const psid = '7200000000000002';
    const id = await customerWritesTwice(QUEUEING_PAGE, psid);

    const events = await eventsOf(server.app, id);
    expect(events.filter((e) => e.type === 'ConversationQueued')).toHaveLength(1);
    expect(events.find((e) => e.type === 'ConversationQueued')!.metadata.actor).toBe('facebook');
    expect(textsTo(graph, psid).filter((t) => t === MESSAGES.offline)).toHaveLength(1);
  });

  it('within hours queues at once, never sends the offline message, and sends opening and closing once each', async () => {
    const psid = '7200000000000003';
    const id = await customerWritesTwice(OPEN_PAGE, psid);
    expect(typesOf(await eventsOf(server.app, id))).toContain('ConversationQueued');

    await assignAgent(server.app, id);
    await agentCommand(server.app, id, AGENT, Date.now(), {
      type: 'CloseConversation',
      data: { agentId: AGENT },
    });
    await settleLifecycle(server.app);

    expect(await automaticTriggers(server, id)).toEqual(['closing', 'opening']);
    expect(textsTo(graph, psid)).toEqual([MESSAGES.opening, MESSAGES.closing]);
  });
});
