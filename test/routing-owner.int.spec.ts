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
import { customerWrites, quietFor, setUpQueue } from './support/agents';
import { waitUntil } from './support/lifecycle';
import { inProcessNodes } from './support/in-process-nodes';
import type { TestApp } from './support/test-app';

/**
 * Why routing decisions need one owner (docs/postgres.md, "Several nodes"):
 * two nodes in this process on one PostgreSQL, the second one's log
 * subscription held back, as a busy or slower node's is for a moment. Every
 * node routes on its own routing book, and two books at different positions
 * disagree about which chat is next. With two owners each hands the one-slot
 * agent a different chat, the aggregate accepts both (each conversation was
 * still waiting), and the agent holds two chats. With the routing lease the
 * second node decides nothing. The second owner is made here, in the test,
 * by overriding what its coordination says; production has no way to.
 */
describe('one routing owner among several nodes', () => {
  const cluster = inProcessNodes();
  const node = (databaseUrl: string) =>
    cluster.node(databaseUrl, {
      AGENT_GRACE_SECONDS: '1',
      // `CLUSTER_LEASE=row npx jest …` runs the same story with the lease row.
      ...(process.env.CLUSTER_LEASE ? { CLUSTER_LEASE: process.env.CLUSTER_LEASE } : {}),
    });

  const owns = (app: TestApp) => app.app.get<RoutingCoordination>(ROUTING_COORDINATION).owner;

  /** What the node tells the others of its agents, kept until `release` sends it, in order. */
  function heldBack(coordination: RoutingCoordination) {
    const publish = coordination.publish.bind(coordination);
    const kept: Parameters<RoutingCoordination['publish']>[] = [];
    coordination.publish = (...args) => void kept.push(args);
    return {
      release() {
        coordination.publish = publish;
        kept.forEach((args) => publish(...args));
      },
    };
  }

  /**
   * Bob holds one chat and a second one waits; the second node stops following the log;
   * bob leaves and his chat goes back to the front of the queue (the owner's grace period);
   * ada (one slot) goes ready on the first node, and the second learns of it from the
   * shared presence. Returns ada's load and capacity as the supervisors' live view shows them.
   */
  async function adaGoesReady(twoOwners: boolean) {
    const databaseUrl = await cluster.database();
    const first = await node(databaseUrl);
    await waitUntil(async () => owns(first));
    const second = await node(databaseUrl);
    if (twoOwners) {
      // The lease bypassed: this node decides as if it held it.
      Object.defineProperty(second.app.get(ROUTING_COORDINATION), 'owner', { get: () => true });
    }
    expect(owns(second)).toBe(twoOwners);
    const { agents } = await setUpQueue(first.url, { agents: 2, routingMode: 'auto', maxChats: 1 });
    // Who the gateway would pass the router for a socket of theirs, once the directory has them.
    const directory = first.app.get<AgentDirectory>(AGENT_DIRECTORY);
    await waitUntil(async () => agents.every((a) => directory.findUser(a.userId)));
    const [ada, bob] = agents.map((a, i): AuthUser => ({
      userId: a.userId,
      tenantId: directory.findUser(a.userId)!.tenantId,
      role: 'agent',
      displayName: `Agent ${i}`,
    }));
    const tenantId = ada!.tenantId!;
    const routerA = first.app.get(Router);
    const bookA = first.app.get(ConversationFeed).book;
    const bookB = second.app.get(ConversationFeed).book;

    routerA.connected(bob!);
    routerA.setStatus(bob!, 'ready');
    await customerWrites(first.url, '7100001', 'first, goes to bob');
    await waitUntil(async () => bookB.heldBy(bob!.userId).length === 1);
    routerA.setStatus(bob!, 'not_ready');
    await customerWrites(first.url, '7100002', 'second, waits');
    await waitUntil(async () => bookB.waiting(tenantId, 'default').length === 1);
    const [bobsChat] = bookA.heldBy(bob!.userId);

    // The second node's book stays where it is: bob's chat with bob, one chat waiting.
    await second.app.get(ConversationFeed).onModuleDestroy();
    routerA.disconnected(bob!);
    await waitUntil(async () => bookA.conversation(bobsChat!)?.status === 'queued');

    // The second node hears of ada only once the owner's decision is in its book: it then decides
    // on its older book, as a slower node does. Left to the presence poll (500 ms), a second owner
    // under load could give ada a chat before the first did, or in the same feed batch.
    const presence = heldBack(first.app.get<RoutingCoordination>(ROUTING_COORDINATION));
    routerA.connected(ada!);
    routerA.setStatus(ada!, 'ready');
    await waitUntil(async () => bookA.heldBy(ada!.userId).length > 0);
    expect(bookA.heldBy(ada!.userId)).toEqual([bobsChat]);
    presence.release();
    // The second node routes on what it learns of ada (its presence poll), at once if it owns.
    await waitUntil(async () => bookB.presence(ada!.userId)?.ready === true);
    const live = first.app.get(LiveLoad);
    return () => ({
      load: live.agent(ada!.userId).load,
      capacity: live.agent(ada!.userId).capacity,
    });
  }

  it('two nodes routing at once give a one-slot agent two chats', async () => {
    const ada = await adaGoesReady(true);
    await waitUntil(async () => ada().load > 1, 5_000);
    expect(ada()).toEqual({ load: 2, capacity: 1 });
  }, 90_000);

  it('with the routing lease the agent gets one chat and the other keeps waiting', async () => {
    const ada = await adaGoesReady(false);
    // What two owners did within milliseconds of that moment (above) does not come here.
    await quietFor(1_000);
    expect(ada()).toEqual({ load: 1, capacity: 1 });
  }, 90_000);
});
