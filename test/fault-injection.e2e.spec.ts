import { SqliteEventStore } from '@pagedesk/event-store';
import { StoreFaults } from '@pagedesk/event-store/testing/store-faults';
import { INBOX_STREAM } from '../apps/chat-server/src/inbound/inbox';
import { AgentClient, setUpQueue } from './support/agents';
import { authEnv, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { conversations, settle } from './support/inbound';
import { waitUntil } from './support/lifecycle';
import * as fb from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const CUSTOMERS = Array.from(
  { length: 10 },
  (_, i) => `73920156433300${String(i).padStart(2, '0')}`,
);
const MESSAGES_EACH = 2;
/** The promise: processing resumes within 2 s of the store coming back. */
const RECOVERY_LIMIT_MS = 2_000;

/**
 * Outages injected into the server's own store while customers write:
 * webhooks are still acknowledged (the inbox is left alone, as a store that
 * takes the small inbox append but fails the rest), and afterwards every
 * acknowledged message is in a conversation exactly once and reached an agent.
 */
describe('fault injection: nothing acknowledged is lost or doubled', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let faults: StoreFaults;
  let ada: AgentClient;
  const recoveries: Record<string, number> = {};

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  beforeEach(async () => {
    // On the class, before the server opens its store: every subscription it makes can be broken too.
    faults = StoreFaults.inject(SqliteEventStore.prototype).only((s) => s !== INBOX_STREAM);
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url }),
    );
    const { agents } = await setUpQueue(server.url, {
      agents: 1,
      routingMode: 'auto',
      maxChats: 50,
    });
    ada = await AgentClient.connect(server.url, agents[0]!.token);
    expect(await ada.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
  });
  afterEach(async () => {
    ada?.close();
    await server.close();
    faults.restore();
  });
  afterAll(async () => {
    await graph.close();
    // For the closing note: how long after the store came back everything was processed.
    process.stdout.write(
      `recovery after the store came back (ms): ${JSON.stringify(recoveries)}\n`,
    );
  });

  const mids = CUSTOMERS.flatMap((psid) =>
    Array.from({ length: MESSAGES_EACH }, (_, n) => ({ psid, mid: `m_fault_${psid}_${n}` })),
  );
  const writeAll = async () => {
    const at = Date.now();
    for (const [i, { psid, mid }] of mids.entries()) {
      const body = fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, mid, `message ${i}`, at + i));
      expect((await postWebhook(server.url, body)).status).toBe(200);
    }
  };
  const recorded = async () =>
    [...(await conversations(server.app)).values()]
      .flat()
      .filter((e) => e.type === 'CustomerMessageReceived')
      .map((e) => e.data.mid as string);

  /** Waits for every message, returns how long that took after `healedAt`, and checks each is there once. */
  const allProcessedAfter = async (label: string, healedAt: number) => {
    await waitUntil(async () => (await recorded()).length >= mids.length, 20_000);
    recoveries[label] = Date.now() - healedAt;
    await settle(server.app);
    const seen = await recorded();
    expect(seen.sort()).toEqual(mids.map((m) => m.mid).sort());
    for (const psid of CUSTOMERS)
      await ada.next('chat:assigned', (p: JsonBody) => p.customer.id === psid);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    return recoveries[label]!;
  };
  const untilHealed = async () => {
    await waitUntil(async () => !faults.failing, 20_000);
    return Date.now();
  };
  // More failures than there are lanes times the five tries after which a reactor used to stop.
  it('the first 80 appends fail', async () => {
    faults.failNextAppends(80);
    await writeAll();
    const healedAt = await untilHealed();
    expect(faults.failedAppends).toBe(80);
    expect(await allProcessedAfter('first 80 appends', healedAt)).toBeLessThan(RECOVERY_LIMIT_MS);
  });

  it('every append fails for 1.5 s', async () => {
    faults.failAppendsFor(1_500);
    await writeAll();
    const healedAt = await untilHealed();
    expect(faults.failedAppends).toBeGreaterThan(0);
    expect(await allProcessedAfter('1.5 s outage', healedAt)).toBeLessThan(RECOVERY_LIMIT_MS);
  });

  it('most appends fail at random while customers write', async () => {
    faults.failAppendsAtRandom(0.7, 15);
    await writeAll();
    await waitUntil(async () => faults.failedAppends >= 60, 20_000);
    faults.heal();
    const healedAt = Date.now();
    expect(await allProcessedAfter('random', healedAt)).toBeLessThan(RECOVERY_LIMIT_MS);
  });

  it('every subscription (reactors, followers, projections, routing feed) fails after start', async () => {
    await writeAll();
    await waitUntil(async () => (await recorded()).length > 0, 20_000);
    faults.breakSubscriptions();
    const brokenAt = Date.now();
    const body = fb.delivery(
      PAGE_ID,
      fb.text(PAGE_ID, '7392015643339999', 'm_after_break', 'still there?', Date.now()),
    );
    expect((await postWebhook(server.url, body)).status).toBe(200);
    mids.push({ psid: '7392015643339999', mid: 'm_after_break' });
    try {
      expect(await allProcessedAfter('subscriptions lost', brokenAt)).toBeLessThan(
        RECOVERY_LIMIT_MS,
      );
    } finally {
      mids.pop();
    }
  });
});
