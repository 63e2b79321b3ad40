import type { ConfigService } from '@nestjs/config';
import type { ConversationEvent } from '@pagedesk/conversation';
import { RoutingBook } from '@pagedesk/routing';
import fc from 'fast-check';
import type { AuthUser } from '../auth/auth-user';
import type { RoutingCoordination } from '../cluster/routing-coordination';
import type { Env } from '../config/env';
import type { BackgroundWork } from '../processing/background-work';
import type { AgentDirectory, DirectoryQueue } from '../tenants/agent-directory.port';
import type { ConversationCommands } from './agent-commands';
import type { AgentSlots } from './agent-slots';
import type { ConversationFeed, FeedCheck, FeedListener } from './conversation-feed';
import { Router } from './router';

const TENANT = 'acme';

/** One router on a feed this test drives: a turn is whatever runs before `endTurn`. */
class Desk {
  readonly book = new RoutingBook();
  /** Per agent, every chat it was offered (chat:requested), in order. */
  readonly offered = new Map<string, string[]>();
  readonly withdrawn = new Map<string, string[]>();
  readonly router: Router;
  private position = 0;
  private readonly checks: FeedCheck[] = [];
  private readonly listeners: FeedListener[] = [];

  constructor(
    readonly agents: readonly string[],
    capacity: number,
    size: number,
  ) {
    const queue: DirectoryQueue = {
      tenantId: TENANT,
      queueId: 'default',
      name: 'Default',
      routingMode: 'offer',
      members: agents,
      offerGroup: { size, ringMs: 3_600_000 },
    };
    const directory: Partial<AgentDirectory> = {
      queue: (_, queueId) => (queueId === 'default' ? queue : undefined),
      queuesOf: () => [queue],
      membersOf: () => agents,
      capacityOf: () => capacity,
    };
    const feed = {
      book: this.book,
      position: 0,
      listen: (listener: FeedListener) => this.listeners.push(listener),
      beforeApply: (check: FeedCheck) => this.checks.push(check),
    };
    Object.defineProperty(feed, 'position', { get: () => this.position });
    this.router = new Router(
      feed as unknown as ConversationFeed,
      directory as AgentDirectory,
      { run: () => new Promise(() => undefined) } as unknown as ConversationCommands,
      { claim: () => new Promise(() => undefined) } as unknown as AgentSlots,
      { get: () => 30 } as unknown as ConfigService<Env, true>,
      'web',
      {
        owner: false,
        publish: () => undefined,
        status: () => undefined,
        stop: async () => undefined,
      } as Partial<RoutingCoordination> as RoutingCoordination,
      { watch: () => undefined } as unknown as BackgroundWork,
    );
    const record = (map: Map<string, string[]>, agentId: string, id: string) =>
      map.set(agentId, [...(map.get(agentId) ?? []), id]);
    this.router.listen({
      offered: (agentId, c) => record(this.offered, agentId, c.conversationId),
      withdrawn: (agentId, id) => record(this.withdrawn, agentId, id),
    });
    for (const userId of agents) {
      this.router.connected(user(userId));
      this.router.setStatus(user(userId), 'ready');
    }
    this.endTurn();
  }

  /** What the gateway does when a turn ends (AgentOutbox.flush's settle). */
  endTurn(): void {
    this.router.settle();
  }

  /** A customer writes: the conversation starts, the message arrives, it joins the queue. */
  arrive(conversationId: string, at: number): void {
    this.deliver(conversationId, 'ConversationStarted', {
      conversationId,
      tenantId: TENANT,
      pageId: 'page',
    });
    this.deliver(conversationId, 'CustomerMessageReceived', {});
    this.deliver(conversationId, 'ConversationQueued', { queue: 'default', queuedAt: at });
  }

  /** An agent clicks accept; its command never returns here, the assignment comes by `assigned`. */
  accept(agentId: string, conversationId: string): void {
    this.router.accept(user(agentId), conversationId).catch(() => undefined);
  }

  assigned(conversationId: string, agentId: string): void {
    this.deliver(conversationId, 'AgentAssigned', { agentId });
  }

  closed(conversationId: string, agentId: string): void {
    this.deliver(conversationId, 'ConversationClosedByAgent', { agentId });
  }

  screens(): string[][] {
    return this.agents.map((a) => this.router.offersOf(a).map((c) => c.conversationId));
  }

  private deliver(conversationId: string, type: string, data: object): void {
    const event = { type, data } as unknown as ConversationEvent;
    const position = ++this.position;
    for (const check of this.checks) check(conversationId, event, position);
    const change = this.book.apply(conversationId, event, position);
    const recorded = { globalPosition: position };
    for (const listener of this.listeners)
      listener({
        conversationId,
        event,
        recorded,
        change,
        replay: false,
      } as Parameters<FeedListener>[0]);
  }
}

const user = (userId: string): AuthUser => ({
  userId,
  tenantId: TENANT,
  role: 'agent',
  displayName: userId,
});

const agentsNamed = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);

describe('the router decides a grouped queue once per turn', () => {
  let clock = 1_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => clock));
  afterEach(() => jest.restoreAllMocks());

  it('decides the groups of N new chats arriving in one turn once, showing each to its group', async () => {
    const N = 8;
    const desk = new Desk(agentsNamed(10), 4, 3);
    const before = desk.router.work().regroups;
    for (let i = 0; i < N; i++) desk.arrive(`c${i}`, ++clock);
    desk.endTurn();
    expect(desk.router.work().regroups - before).toBe(1);
    // Each chat on 3 screens, as deciding after each arrival shows them (the next test compares).
    const screens = desk.screens();
    for (let i = 0; i < N; i++) expect(screens.filter((s) => s.includes(`c${i}`))).toHaveLength(3);
    await desk.router.onModuleDestroy();
  });

  type Step =
    | { kind: 'arrive' }
    | { kind: 'accept'; agent: number; chat: number }
    | { kind: 'assigned'; chat: number }
    | { kind: 'closed'; chat: number };

  const steps = fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Step>({ kind: 'arrive' }) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('accept' as const),
          agent: fc.nat(5),
          chat: fc.nat(99),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('assigned' as const), chat: fc.nat(99) }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('closed' as const), chat: fc.nat(99) }),
      },
    ),
    { minLength: 1, maxLength: 24 },
  );

  /** Plays the steps, each in a turn of its own or all in one; what every agent was offered. */
  async function play(
    script: readonly Step[],
    oneTurn: boolean,
    setup: { agents: number; capacity: number; size: number },
  ) {
    clock = 1_000_000;
    const desk = new Desk(agentsNamed(setup.agents), setup.capacity, setup.size);
    const accepted = new Map<string, string>();
    let chats = 0;
    // Each step picks among the chats it can apply to (modulo their number), so none is wasted.
    const pick = (n: number, ok: (id: string) => boolean) => {
      const ids = Array.from({ length: chats }, (_, i) => `c${i}`).filter(ok);
      return ids.length === 0 ? undefined : ids[n % ids.length]!;
    };
    const status = (id: string) => desk.book.conversation(id)?.status;
    for (const step of script) {
      clock += 1;
      if (step.kind === 'arrive') desk.arrive(`c${chats++}`, clock);
      else if (step.kind === 'accept') {
        // Only what a desk could send: an accept of a waiting chat nobody is accepting, with a free slot.
        const agentId = `a${step.agent % setup.agents}`;
        const chat = pick(step.chat, (id) => status(id) === 'queued' && !accepted.has(id));
        if (chat === undefined || desk.book.loadOf(agentId) >= setup.capacity) continue;
        accepted.set(chat, agentId);
        desk.accept(agentId, chat);
      } else if (step.kind === 'assigned') {
        const chat = pick(step.chat, (id) => status(id) === 'queued' && accepted.has(id));
        if (chat !== undefined) desk.assigned(chat, accepted.get(chat)!);
      } else {
        const chat = pick(step.chat, (id) => status(id) === 'assigned');
        if (chat !== undefined) desk.closed(chat, accepted.get(chat)!);
      }
      if (!oneTurn) desk.endTurn();
    }
    desk.endTurn();
    const seen = {
      offered: desk.agents.map((a) => desk.offered.get(a) ?? []),
      withdrawn: desk.agents.map((a) => [...(desk.withdrawn.get(a) ?? [])].sort()),
      screens: desk.screens(),
      regroups: desk.router.work().regroups,
    };
    await desk.router.onModuleDestroy();
    return seen;
  }

  it('offers the same agents the same chats in the same order as deciding after every step, accepts and arrivals interleaved', async () => {
    await fc.assert(
      fc.asyncProperty(
        steps,
        fc.record({
          agents: fc.integer({ min: 1, max: 6 }),
          capacity: fc.integer({ min: 1, max: 3 }),
          size: fc.integer({ min: 1, max: 3 }),
        }),
        async (script, setup) => {
          const stepwise = await play(script, false, setup);
          const together = await play(script, true, setup);
          expect(together.offered).toEqual(stepwise.offered);
          expect(together.withdrawn).toEqual(stepwise.withdrawn);
          expect(together.screens).toEqual(stepwise.screens);
          expect(together.regroups).toBeLessThanOrEqual(stepwise.regroups);
        },
      ),
      { numRuns: 300 },
    );
  });
});
