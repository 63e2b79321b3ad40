import { AppError } from '@pagedesk/shared';
import { ConversationCommands } from '../apps/chat-server/src/routing/agent-commands';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { authEnv, type JsonBody } from './support/auth';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { settleRouting } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const CAPACITY = 2;
const CHATS = 4;

/** A promise and the hands that settle it, for holding a command until the test lets it go. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { opened, open, fail };
}

/**
 * In offer mode everyone sees the same oldest chats, as many as they have free
 * slots, so only that many accepts can be under way at once (issue 21: at 100
 * new chats a second a new chat waited seconds in line while each accept was
 * committed and came back through the feed, BENCHMARKS.md session 12). A chat
 * being accepted is no longer shown to the others: they see the next one while
 * the accept is still being recorded.
 */
describe('offers while an accept is being recorded', () => {
  let graph: FakeGraphServer;
  let server: TestApp;
  const clients: AgentClient[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    server = await startTestApp(
      authEnv({ MESSENGER_CONFIG: messengerConfig(), MESSENGER_GRAPH_API_URL: graph.url }),
    );
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server?.close();
    await graph?.close();
  });

  /** Holds the next AcceptConversation until `held.open()` (or `held.fail()`); `entered` settles when it is called. */
  function holdNextAccept() {
    const commands = server.app.get(ConversationCommands);
    const run = commands.run.bind(commands);
    const held = gate();
    let entered!: () => void;
    const called = new Promise<void>((resolve) => (entered = resolve));
    const spy = jest.spyOn(commands, 'run').mockImplementation((...args) => {
      if (args[1] !== 'AcceptConversation') return run(...args);
      spy.mockRestore();
      entered();
      return held.opened.then(() => run(...args));
    });
    return { ...held, called };
  }

  /** What the agent's screen holds: the customers offered, in order, as `sync` answers after every earlier push. */
  const shown = async (client: AgentClient) =>
    ((await client.request('sync')).offers as JsonBody[]).map((p) => p.customer.id as string);
  const lastWaiting = (client: AgentClient) => client.all('agent:waiting').at(-1)?.waiting;
  const offeredIds = (client: AgentClient) =>
    client.all('chat:requested').map((p) => p.customer.id as string);

  it('shows colleagues the next waiting chat at once, and the held one again if its accept fails', async () => {
    const { agents } = await setUpQueue(server.url, {
      agents: 3,
      routingMode: 'offer',
      maxChats: CAPACITY,
    });
    for (const agent of agents) {
      const client = await AgentClient.connect(server.url, agent.token);
      clients.push(client);
      expect(await client.request('agent:status', { status: 'ready' })).toMatchObject({
        ok: true,
      });
    }
    const psid = (i: number) => `6430${String(i).padStart(6, '0')}`;
    for (let i = 0; i < CHATS; i++) await customerWrites(server.url, psid(i));
    await settleRouting(server.app);
    const [first, second, third] = clients as [AgentClient, AgentClient, AgentClient];
    for (const client of clients) expect(await shown(client)).toEqual([psid(0), psid(1)]);
    const conversationOf = (i: number) =>
      first.all('chat:requested').find((p) => p.customer.id === psid(i))!.conversationId as string;

    // The first agent's accept is held before its command runs: nothing of it is in the log yet.
    const accept = holdNextAccept();
    const answer = first.request('chat:accept', { conversationId: conversationOf(0) });
    await accept.called;
    for (const colleague of [second, third]) {
      expect(await shown(colleague)).toEqual([psid(1), psid(2)]);
      expect(colleague.all('chat:request_withdrawn').map((p) => p.conversationId)).toEqual([
        conversationOf(0),
      ]);
      expect(lastWaiting(colleague)).toBe(CHATS - 1);
    }
    accept.open();
    expect(await answer).toMatchObject({ ok: true });
    await settleRouting(server.app);
    expect(first.all('chat:assigned').map((p) => p.customer.id)).toEqual([psid(0)]);
    expect(await shown(first)).toEqual([psid(1)]);
    for (const colleague of [second, third]) {
      expect(await shown(colleague)).toEqual([psid(1), psid(2)]);
      expect(offeredIds(colleague)).toEqual([0, 1, 2].map(psid));
      expect(colleague.all('chat:assigned')).toEqual([]);
    }

    // An accept refused after the chat left the others' screens puts it back there, in its place.
    const refused = holdNextAccept();
    const refusedAnswer = second.request('chat:accept', { conversationId: conversationOf(1) });
    await refused.called;
    expect(await shown(third)).toEqual([psid(2), psid(3)]);
    refused.fail(new AppError('unavailable', 'the store is away'));
    expect(await refusedAnswer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await settleRouting(server.app);
    expect(await shown(third)).toEqual([psid(1), psid(2)]);
    expect(await shown(second)).toEqual([psid(1), psid(2)]);
    expect(lastWaiting(third)).toBe(CHATS - 1);
  }, 120_000);
});
