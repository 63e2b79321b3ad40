import { ConversationFeed } from '../apps/chat-server/src/routing/conversation-feed';
import { Router } from '../apps/chat-server/src/routing/router';
import { AgentClient, customerWrites } from './support/agents';
import type { JsonBody } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { settle, settleRouting } from './support/inbound';

type Desk = ReturnType<typeof e2eApp>;

/** The agents' sockets, every one ready. */
async function readyAgents(desk: Desk): Promise<AgentClient[]> {
  const clients: AgentClient[] = [];
  for (const agent of desk.agents) {
    const client = await desk.connect(agent);
    expect((await client.request('agent:status', { status: 'ready' })).ok).toBe(true);
    clients.push(client);
  }
  return clients;
}

const setQueue = (desk: Desk, changes: JsonBody) =>
  desk.api(desk.admin)('PATCH', '/api/queues/default', changes);

/** Everything stored is routed, and each socket has every push made so far (its ack comes after them). */
async function quiet(desk: Desk, clients: readonly AgentClient[]): Promise<void> {
  await settleRouting(desk.server.app);
  await Promise.all(clients.map((c) => c.request('sync')));
}

/** The customers each agent's screen shows now, as `sync` answers. */
const screens = async (clients: readonly AgentClient[]) =>
  Promise.all(
    clients.map(async (c) =>
      ((await c.request('sync')).offers as JsonBody[]).map((o) => o.customer.id as string),
    ),
  );

const offeredTo = (clients: readonly AgentClient[], psid: string) =>
  clients.filter((c) => c.all('chat:requested').some((p) => p.customer.id === psid));

describe('offer groups: each waiting chat on at most offerGroupSize screens', () => {
  const desk = e2eApp({ queue: { agents: 3, routingMode: 'offer', maxChats: 1 } });

  it('shows different agents different chats, and gives a freed agent the next one waiting', async () => {
    expect(await setQueue(desk, { offerGroupSize: 1 })).toMatchObject({
      status: 200,
      body: { offerGroupSize: 1, offerRingSeconds: 20 },
    });
    const clients = await readyAgents(desk);
    const psids = ['6510001', '6510002', '6510003', '6510004'];
    for (const psid of psids) await customerWrites(desk.url, psid);
    await quiet(desk, clients);

    // One free slot each: three chats on three screens, one each; the fourth waits for a slot.
    const shown = await screens(clients);
    expect(shown.every((s) => s.length === 1)).toBe(true);
    expect(new Set(shown.flat())).toEqual(new Set(psids.slice(0, 3)));
    expect(offeredTo(clients, psids[3]!)).toEqual([]);

    // The agent shown the oldest takes it and is done with it: their slot goes to the fourth.
    const first = clients[shown.findIndex((s) => s[0] === psids[0])]!;
    const conversationId = await desk.chatHeldBy(first, psids[0]!, 'hello?');
    await quiet(desk, clients);
    expect(offeredTo(clients, psids[3]!)).toEqual([]);
    expect((await first.request('chat:close', { conversationId })).ok).toBe(true);
    await first.next('chat:requested', (p) => p.customer.id === psids[3]);
    await quiet(desk, clients);
    expect(offeredTo(clients, psids[3]!)).toEqual([first]);
  });
});

describe('offer groups: a ring without an accept widens the group', () => {
  const desk = e2eApp({ queue: { agents: 3, routingMode: 'offer', maxChats: 1 } });

  it('shows an unaccepted chat to offerGroupSize more agents after each ring', async () => {
    expect((await setQueue(desk, { offerGroupSize: 1, offerRingSeconds: 1 })).status).toBe(200);
    const clients = await readyAgents(desk);
    const sent = Date.now();
    await customerWrites(desk.url, '6520001');
    const arrivals = clients.map((c) =>
      c.next('chat:requested', (p) => p.customer.id === '6520001', 8_000).then(() => Date.now()),
    );
    // One screen at first, a second after one ring, the third after two.
    const times = (await Promise.all(arrivals)).sort((a, b) => a - b);
    expect(times[1]! - sent).toBeGreaterThanOrEqual(1_000);
    expect(times[2]! - sent).toBeGreaterThanOrEqual(2_000);
    expect(times[0]! - sent).toBeLessThan(1_000);
  });
});

describe('offer groups: settings and the work of one new chat', () => {
  const AGENTS = 10;
  const desk = e2eApp({ queue: { agents: AGENTS, routingMode: 'offer', maxChats: 4 } });

  it('refuses a group size or ring out of range, naming the field, and changes nothing', async () => {
    for (const offerGroupSize of [0, 51, 2.5, '3'])
      expect(await setQueue(desk, { offerGroupSize })).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'invalid',
            message: expect.stringContaining('offerGroupSize must be an integer from 1 to 50'),
          },
        },
      });
    for (const offerRingSeconds of [0, null, 1.5])
      expect(await setQueue(desk, { offerRingSeconds })).toMatchObject({
        status: 400,
        body: {
          error: { message: expect.stringContaining('offerRingSeconds must be an integer') },
        },
      });
    expect(await desk.api(desk.admin)('GET', '/api/queues/default')).toMatchObject({
      body: { offerGroupSize: null, offerRingSeconds: 20 },
    });
  });

  it('derives and pushes the offers of offerGroupSize agents per new chat, not of every member; null offers to all again', async () => {
    expect((await setQueue(desk, { offerGroupSize: 2 })).status).toBe(200);
    const clients = await readyAgents(desk);
    await quiet(desk, clients);
    const router = desk.server.app.get(Router);
    const before = router.work().offerDerivations;
    const psids = ['6530001', '6530002'];
    for (const psid of psids) {
      await customerWrites(desk.url, psid);
      await quiet(desk, clients);
    }
    const derivations = (router.work().offerDerivations - before) / psids.length;
    process.stdout.write(
      `offer derivations per new chat, group of 2 in ${AGENTS}: ${derivations}\n`,
    );
    expect(derivations).toBeLessThanOrEqual(2);
    const groups = psids.map((psid) => offeredTo(clients, psid));
    expect(groups.map((g) => g.length)).toEqual([2, 2]);
    expect(groups[1]!.some((c) => groups[0]!.includes(c))).toBe(false);

    // Back to classic: every ready agent with a free slot sees the next chat, and the others again.
    expect(await setQueue(desk, { offerGroupSize: null })).toMatchObject({
      body: { offerGroupSize: null },
    });
    await customerWrites(desk.url, '6530003');
    await quiet(desk, clients);
    expect(offeredTo(clients, '6530003')).toHaveLength(AGENTS);
    for (const shown of await screens(clients)) expect(shown).toEqual([...psids, '6530003']);
  });

  it('decides the groups once for new chats the feed delivers together, and shows each to a group of 3', async () => {
    expect((await setQueue(desk, { offerGroupSize: 3 })).status).toBe(200);
    const clients = await readyAgents(desk);
    await quiet(desk, clients);
    const { app } = desk.server;
    const router = app.get(Router);
    // The feed holds the first new event until every chat below is stored, then folds them in one go.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    app.get(ConversationFeed).prepare(() => {
      if (!holding) return undefined;
      holding = false;
      return held;
    });
    const before = router.work().regroups;
    const psids = ['6550001', '6550002', '6550003'];
    for (const psid of psids) await customerWrites(desk.url, psid);
    await settle(app);
    release();
    await quiet(desk, clients);
    const regroups = router.work().regroups - before;
    process.stdout.write(
      `groups decided for ${psids.length} new chats in one batch: ${regroups}\n`,
    );
    expect(regroups).toBe(1);
    const groups = psids.map((psid) => offeredTo(clients, psid));
    expect(groups.map((g) => g.length)).toEqual([3, 3, 3]);
  });

  it('counts the waiting list once per new chat, not once per member, and tells each member once', async () => {
    expect((await setQueue(desk, { offerGroupSize: 3 })).status).toBe(200);
    const clients = await readyAgents(desk);
    await quiet(desk, clients);
    const router = desk.server.app.get(Router);
    const { waiting } = await clients[0]!.request('sync');
    const before = router.work().waitingCounts;
    const psids = ['6540001', '6540002', '6540003'];
    for (const [i, psid] of psids.entries()) {
      await customerWrites(desk.url, psid);
      await settleRouting(desk.server.app);
      // Waited for by push, not by `sync`, whose answer counts the list for its agent.
      await Promise.all(
        clients.map((c) => c.next('agent:waiting', (p) => p.waiting === waiting + i + 1)),
      );
    }
    const counts = (router.work().waitingCounts - before) / psids.length;
    process.stdout.write(`waiting lists counted per new chat, ${AGENTS} members: ${counts}\n`);
    expect(counts).toBe(1);
    for (const client of clients)
      expect(client.all('agent:waiting').map((p) => p.waiting)).toEqual([
        waiting,
        ...psids.map((_, i) => waiting + i + 1),
      ]);
  });
});
