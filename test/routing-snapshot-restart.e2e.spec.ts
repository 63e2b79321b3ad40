import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationEventCodec } from '@pagedesk/conversation';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { RoutingBook } from '@pagedesk/routing';
import { AgentGateway } from '../apps/chat-server/src/gateway/agent.gateway';
import { ChatSummaries } from '../apps/chat-server/src/gateway/chat-summaries';
import { conversationIdOf } from '../apps/chat-server/src/outbound/conversation-state';
import { ConversationFeed } from '../apps/chat-server/src/routing/conversation-feed';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { api, authEnv, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A restart restores the routing state from its latest snapshot and folds
 * only the events after it (docs/memory.md). After a SIGKILL, with events
 * both before and after that snapshot, the state it ends up with must be
 * exactly what a fold of the whole log gives.
 */
describe('routing state across a SIGKILL: snapshot plus tail equals a full fold', () => {
  let graph: FakeGraphServer;
  let dataDir: string;
  let killed: ServerProcess | undefined;
  let restarted: TestApp | undefined;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-snapshot-'));
  });
  afterAll(async () => {
    await killed?.kill();
    await restarted?.close();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () =>
    authEnv({
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      // Small, so snapshots are written while the test runs and a tail is left after the last.
      ROUTING_SNAPSHOT_EVENTS: '7',
      LOG_LEVEL: 'warn',
    });

  it('ends up with the same queues, assignments and chat summaries', async () => {
    killed = await startServerProcess(env());
    const { admin, agents } = await setUpQueue(killed.url, {
      agents: 2,
      routingMode: 'auto',
      maxChats: 2,
    });
    const [ada, bob] = await Promise.all(
      agents.map((a) => AgentClient.connect(killed!.url, a.token)),
    );
    await ada!.request('agent:status', { status: 'ready' });
    for (let i = 0; i < 6; i++) await customerWrites(killed.url, `68000${i}`);
    const first = await ada!.next('chat:assigned');
    expect(
      await ada!.request('chat:close', { conversationId: first.conversationId }),
    ).toMatchObject({ ok: true });
    await bob!.request('agent:status', { status: 'ready' });
    await bob!.next('chat:assigned');
    for (let i = 6; i < 9; i++) await customerWrites(killed.url, `68000${i}`);
    await waitForWaiting(killed.url, admin, 4);
    ada!.close();
    bob!.close();
    await killed.kill('SIGKILL');
    killed = undefined;

    const file = join(dataDir, 'routing-snapshot.json');
    expect(existsSync(file)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { position: number };

    restarted = await startTestApp(env());
    await settle(restarted.app);
    const store = restarted.app.get<EventStore>(EVENT_STORE);
    const feed = restarted.app.get(ConversationFeed);
    const events = (await store.readAll({ filter: { categories: ['conversation'] } })).filter(
      (e) => e.globalPosition <= feed.position,
    );
    // The restored snapshot is from this log; whether a tail follows it depends on where the last
    // periodic save fell, so the equality below is the claim, not the tail's length.
    expect(events[events.length - 1]!.globalPosition).toBeGreaterThanOrEqual(saved.position);

    const book = new RoutingBook();
    // Every customer here is new: none has a profile from an earlier conversation.
    const summaries = new ChatSummaries({ profileOf: async () => undefined });
    for (const recorded of events) {
      const conversationId = conversationIdOf(recorded.streamName);
      const event = conversationEventCodec.decode(recorded);
      const change = book.apply(conversationId, event, recorded.globalPosition);
      summaries.apply({ conversationId, event, recorded, change, replay: true });
    }
    expect(feed.book.snapshot()).toEqual(book.snapshot());
    expect(restarted.app.get(AgentGateway).summaries.snapshot()).toEqual(summaries.snapshot());
    expect(book.sizes()).toMatchObject({ live: 8, waiting: 4, holders: 2 });
  }, 120_000);
});

async function waitForWaiting(url: string, admin: string, waiting: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { body } = (await api(url, admin)('GET', '/api/queues')) as { body: JsonBody };
    if (body[0].live.waiting === waiting) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the queue never had ${waiting} waiting`);
}
