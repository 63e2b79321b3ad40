import type { AuthUser } from '../apps/chat-server/src/auth/auth-user';
import {
  ROUTING_COORDINATION,
  type RoutingCoordination,
} from '../apps/chat-server/src/cluster/routing-coordination';
import { ConversationFeed } from '../apps/chat-server/src/routing/conversation-feed';
import { LiveLoad } from '../apps/chat-server/src/routing/live-load';
import { Router } from '../apps/chat-server/src/routing/router';
import {
  AGENT_DIRECTORY,
  type AgentDirectory,
} from '../apps/chat-server/src/tenants/agent-directory.port';
import { AgentSlots } from '../apps/chat-server/src/routing/agent-slots';
import { customerWrites, setUpQueue } from './support/agents';
import { api } from './support/auth';
import { waitUntil } from './support/lifecycle';
import { inProcessNodes } from './support/in-process-nodes';

/**
 * An agent with two tabs, one socket on each of two nodes (issue 18): each
 * node judges capacity on its own routing book, and two accepts of two
 * different chats are two different aggregates, so nothing in the log
 * stops both. Capacity must be decided where both nodes serialise: the
 * agent's slot stream (docs/postgres.md, "Capacity across nodes"). Two tabs
 * on one node are the comparison: one book, one decision after the other.
 */
describe('capacity of an agent connected to two nodes', () => {
  const cluster = inProcessNodes();
  const node = (databaseUrl: string) => cluster.node(databaseUrl);

  /** Two nodes, an offer queue of one-slot agents; ada has a tab on each node, both ready. */
  async function twoNodes(waitingChats: number) {
    const databaseUrl = await cluster.database();
    const first = await node(databaseUrl);
    await waitUntil(async () => first.app.get<RoutingCoordination>(ROUTING_COORDINATION).owner);
    const second = await node(databaseUrl);
    const { admin, agents } = await setUpQueue(first.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: 1,
    });
    const directories = [first, second].map((n) => n.app.get<AgentDirectory>(AGENT_DIRECTORY));
    await waitUntil(async () =>
      directories.every((d) => agents.every((a) => d.findUser(a.userId))),
    );
    const [ada, bob] = agents.map((a, i): AuthUser => ({
      userId: a.userId,
      tenantId: directories[0]!.findUser(a.userId)!.tenantId,
      role: 'agent',
      displayName: `Agent ${i}`,
    }));
    const routers = [first, second].map((n) => n.app.get(Router));
    const books = [first, second].map((n) => n.app.get(ConversationFeed).book);
    for (let i = 0; i < waitingChats; i++) {
      await customerWrites(first.url, `720000${i}`, `chat ${i}`);
    }
    await waitUntil(async () =>
      books.every((b) => b.waiting(ada!.tenantId!, 'default').length === waitingChats),
    );
    const waiting = books[0]!.waiting(ada!.tenantId!, 'default').map((c) => c.conversationId);
    const live = first.app.get(LiveLoad);
    /** Ada's chats once both nodes' books have every accept that succeeded. */
    const settle = async (results: PromiseSettledResult<void>[], agentId = ada!.userId) => {
      const won = results.filter((r) => r.status === 'fulfilled').length;
      await waitUntil(async () => books.every((b) => b.heldBy(agentId).length >= Math.min(won, 2)));
      return live.agent(agentId);
    };
    return {
      first,
      second,
      admin,
      directories,
      ada: ada!,
      bob: bob!,
      routers,
      books,
      waiting,
      settle,
    };
  }

  const codeOf = (result: PromiseSettledResult<void>) =>
    result.status === 'rejected' ? (result.reason as { code?: string }).code : 'accepted';

  it('two accepts of two chats, one on each node, give the one-slot agent one chat and one `capacity` refusal', async () => {
    const { ada, routers, waiting, settle } = await twoNodes(2);
    for (const router of routers) {
      router.connected(ada);
      router.setStatus(ada, 'ready');
    }
    const results = await Promise.allSettled([
      routers[0]!.accept(ada, waiting[0]!),
      routers[1]!.accept(ada, waiting[1]!),
    ]);
    const agent = await settle(results);

    expect(results.map(codeOf).sort()).toEqual(['accepted', 'capacity']);
    expect({ load: agent.load, capacity: agent.capacity }).toEqual({ load: 1, capacity: 1 });
  }, 90_000);

  it('an accept on one node and a transfer to the agent on the other give them one chat, not two', async () => {
    const { ada, bob, routers, books, waiting, settle } = await twoNodes(2);
    routers[1]!.connected(bob);
    routers[1]!.setStatus(bob, 'ready');
    await routers[1]!.accept(bob, waiting[0]!);
    await waitUntil(async () => books.every((b) => b.heldBy(bob.userId).length === 1));
    routers[0]!.connected(ada);
    routers[0]!.setStatus(ada, 'ready');
    const results = await Promise.allSettled([
      routers[0]!.accept(ada, waiting[1]!),
      routers[1]!.transfer(bob, waiting[0]!, { kind: 'agent', agentId: ada.userId }, null),
    ]);
    const agent = await settle(results);

    expect(results.map(codeOf).sort()).toEqual(['accepted', 'capacity']);
    expect({ load: agent.load, capacity: agent.capacity }).toEqual({ load: 1, capacity: 1 });
  }, 90_000);

  it("the owner's automatic assignment, on a book that has not seen the agent's accept on the other node yet, is refused with `capacity`", async () => {
    const { first, admin, directories, ada, bob, routers, books, waiting } = await twoNodes(2);
    // Ada alone in an auto queue; bob moves one chat there, where it waits for her.
    const queue = await api(first.url, admin)('POST', '/api/queues', {
      queueId: 'auto',
      name: 'Auto',
      routingMode: 'auto',
      members: [ada.userId],
    });
    expect(queue.status).toBe(201);
    await waitUntil(async () => directories.every((d) => d.queue(ada.tenantId!, 'auto')));
    routers[0]!.connected(bob);
    routers[0]!.setStatus(bob, 'ready');
    await routers[0]!.accept(bob, waiting[0]!);
    await waitUntil(async () => books[0]!.heldBy(bob.userId).length === 1);
    await routers[0]!.transfer(bob, waiting[0]!, { kind: 'queue', queue: 'auto' }, null);
    await waitUntil(async () => books.every((b) => b.waiting(ada.tenantId!, 'auto').length === 1));
    // The owner's subscription stops here, as a busy node's lags for a moment.
    await first.app.get(ConversationFeed).onModuleDestroy();
    const attempts: Promise<void>[] = [];
    const slots = first.app.get(AgentSlots);
    const claim = slots.claim.bind(slots);
    slots.claim = (...args) => {
      const attempt = claim(...args);
      attempts.push(attempt);
      return attempt;
    };

    // Ada's tab on the second node: ready, and at once she accepts the other chat there.
    routers[1]!.connected(ada);
    routers[1]!.setStatus(ada, 'ready');
    await routers[1]!.accept(ada, waiting[1]!);
    // The accept is committed; the second node's book learns of it from its own subscription.
    await waitUntil(async () => books[1]!.heldBy(ada.userId).length > 0);
    // The owner learns of her from the shared presence and gives her the chat of the auto queue.
    await waitUntil(async () => attempts.length > 0);
    const [outcome] = await Promise.allSettled(attempts);
    if (outcome!.status === 'fulfilled')
      await waitUntil(async () => books[1]!.heldBy(ada.userId).length === 2);

    expect(codeOf(outcome!)).toBe('capacity');
    expect(books[1]!.heldBy(ada.userId)).toEqual([waiting[1]]);
  }, 90_000);

  it('two tabs on one node: the second accept is refused with `capacity` (the comparison)', async () => {
    const { ada, routers, waiting, settle } = await twoNodes(2);
    routers[0]!.connected(ada);
    routers[0]!.connected(ada);
    routers[0]!.setStatus(ada, 'ready');
    const results = await Promise.allSettled([
      routers[0]!.accept(ada, waiting[0]!),
      routers[0]!.accept(ada, waiting[1]!),
    ]);
    const agent = await settle(results);

    expect(results.map(codeOf).sort()).toEqual(['accepted', 'capacity']);
    expect({ load: agent.load, capacity: agent.capacity }).toEqual({ load: 1, capacity: 1 });
  }, 90_000);
});
