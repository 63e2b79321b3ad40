import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ConversationError,
  type ConversationEvent,
  type TransferTarget,
  type WrapUpTagChoice,
} from '@pagedesk/conversation';
import {
  atCapacity,
  autoAssignments,
  graceEnd,
  offerGroupOf,
  offersFor,
  queueKey,
  turnOf,
  waitingInTurn,
  type EligibleAgent,
  type WaitingInTurn,
  type RoutedConversation,
  type RoutingChange,
} from '@pagedesk/routing';
import { AppError } from '@pagedesk/shared';
import type { AuthUser } from '../auth/auth-user';
import type { Env } from '../config/env';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';
import { ConversationCommands } from './agent-commands';
import { AgentSlots } from './agent-slots';
import { PROCESS_ROLE, servesPeople, type ProcessRole } from '../processing/process-role';
import { ConversationFeed, type FeedItem } from './conversation-feed';
import type { RoutingListener, Waiting } from './routing-events';
import { ROUTING_COORDINATION, type RoutingCoordination } from '../cluster/routing-coordination';
import type { NodePresence } from '../cluster/shared-presence';
import { BackgroundWork } from '../processing/background-work';
import { OfferGroupBoard } from './offer-group-board';
import { StaleWaiting } from './stale-waiting';
import { PendingGroups } from './pending-groups';

export type AgentStatus = 'ready' | 'not_ready';

/** What a conversation's move does to the grouped queues' groups (Router.effectOnGroups). */
type GroupEffect = 'none' | 'joins' | 'more';

/**
 * Decides who gets which chat. Reacts to the feed (after commit), never to a
 * command's own result, so every instance of a decision has the same cause:
 * the log. Decisions become conversation commands; the aggregate has the
 * last word (an accept loses to an earlier one by expected revision).
 * Every node keeps a router, which offers chats to the agents connected to it;
 * the decisions (automatic assignment, the end of a grace period) are made
 * only by the node holding the routing lease, which learns of agents on
 * other nodes through the shared presence (docs/postgres.md, "Several nodes").
 */
@Injectable()
export class Router implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Router.name);
  private readonly listeners: RoutingListener[] = [];
  /** Per agent, the offers they were last shown (conversation id → position). */
  private readonly shown = new Map<string, Map<string, number>>();
  /** The same, per conversation: the agents it is on screen for. */
  private readonly shownBy = new Map<string, Set<string>>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  /** Per connected agent, the waiting count they were last told. */
  private readonly waitingTold = new Map<string, number>();
  /** Whose waiting count to tell at the end of this turn (tellWaiting). */
  private readonly stale = new StaleWaiting();
  private tellScheduled: NodeJS.Immediate | undefined;
  /** Grouped queues whose groups are decided at the end of this turn (settle). */
  private readonly pending = new PendingGroups();
  /** What the event the feed is about to fold does to the groups (beforeChange). */
  private upcoming: GroupEffect = 'none';
  private readonly graceMs: number;
  /** Agents with a socket on this node; the book also holds those connected elsewhere. */
  private readonly local = new Set<string>();
  private elsewhere: ReadonlyMap<string, NodePresence> = new Map();
  /** The accept of each chat now being decided on this node; racing accepts wait for its outcome. */
  private readonly accepting = new Map<string, { agentId: string; done: Promise<void> }>();
  /** Chats reserved by an accept whose departure from the waiting list was told already (handOut). */
  private readonly handedOut = new Set<string>();
  /** Per-agent recomputations so far: what test/offer-push-budget.e2e.spec.ts holds to a budget. */
  private readonly done = {
    offerDerivations: 0,
    waitingRecounts: 0,
    waitingCounts: 0,
    queuePlaces: 0,
    regroups: 0,
  };
  /** Queues with a group size: whom this node shows each waiting chat to (docs/gateway.md). */
  private readonly groups = new OfferGroupBoard((tenantId, queueId) =>
    this.widen(tenantId, queueId),
  );

  constructor(
    private readonly feed: ConversationFeed,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    private readonly commands: ConversationCommands,
    private readonly slots: AgentSlots,
    config: ConfigService<Env, true>,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    @Inject(ROUTING_COORDINATION) private readonly coordination: RoutingCoordination,
    work: BackgroundWork,
  ) {
    this.graceMs = config.get('AGENT_GRACE_SECONDS', { infer: true }) * 1000;
    feed.beforeApply((id, event, position) => this.beforeChange(id, event, position));
    feed.listen((item) => this.onFeed(item));
    const lease = coordination.status();
    if (servesPeople(role) && lease) work.watch(() => coordination.status() ?? lease);
  }

  get book() {
    return this.feed.book;
  }

  /** Agents with offers on screen and agents in their grace period (docs/memory.md). */
  sizes(): {
    readonly offersShown: number;
    readonly graceTimers: number;
    readonly waitingTold: number;
  } {
    return {
      offersShown: this.shown.size,
      graceTimers: this.graceTimers.size,
      waitingTold: this.waitingTold.size,
    };
  }

  /**
   * How many times one agent's offers, or waiting count, were derived again, a queue's waiting
   * list counted, a waiting chat's place in its sorted queue looked up, and a grouped queue's
   * groups decided (issue 21).
   */
  work(): {
    readonly offerDerivations: number;
    readonly waitingRecounts: number;
    readonly waitingCounts: number;
    readonly queuePlaces: number;
    readonly regroups: number;
  } {
    return { ...this.done };
  }

  listen(listener: RoutingListener): void {
    this.listeners.push(listener);
  }

  /** Not awaited: webhooks are acknowledged while the routing state loads; /ready says when it has. */
  onApplicationBootstrap(): void {
    if (!servesPeople(this.role)) return;
    this.feed
      .start()
      .then(async () => {
        await this.coordination.start({
          ownerChanged: (owner) => (owner ? this.becameOwner() : this.clearGrace()),
          elsewhere: (agents) => this.presenceElsewhere(agents),
        });
        // Nobody is connected yet: whoever holds chats gets the same grace as after a disconnect.
        this.book.holders().forEach((agentId) => this.startGrace(agentId));
      })
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'routing state could not be loaded'),
      );
  }

  async onModuleDestroy(): Promise<void> {
    this.clearGrace();
    this.groups.clear();
    clearImmediate(this.tellScheduled);
    await this.coordination.stop();
  }

  // ---- presence

  connected(agent: AuthUser): void {
    this.settleGroups();
    const tenantId = agent.tenantId!;
    this.local.add(agent.userId);
    this.cancelGrace(agent.userId);
    this.book.connect(agent.userId, tenantId);
    this.show(agent.userId, new Map());
    this.waitingTold.delete(agent.userId);
    this.share(agent.userId);
    this.reroute(tenantId, [], [agent.userId], this.feed.position);
  }

  disconnected(agent: AuthUser): void {
    this.settleGroups();
    this.local.delete(agent.userId);
    this.coordination.publish(agent.userId, null);
    this.show(agent.userId, new Map());
    this.waitingTold.delete(agent.userId);
    const there = this.elsewhere.get(agent.userId);
    if (there) this.book.setReady(agent.userId, there.ready, there.availableSince);
    else {
      this.book.disconnect(agent.userId);
      // Seen here, now: the shared record of it may not be written or read back yet.
      this.startGrace(agent.userId, Date.now());
    }
    this.reroute(agent.tenantId!, [], [agent.userId], this.feed.position);
  }

  setStatus(agent: AuthUser, status: AgentStatus): void {
    this.settleGroups();
    this.book.setReady(agent.userId, status === 'ready', Date.now());
    this.share(agent.userId);
    this.reroute(agent.tenantId!, [], [agent.userId], this.feed.position);
  }

  /** What the other nodes (the routing owner among them) know of an agent connected here. */
  private share(agentId: string): void {
    const presence = this.book.presence(agentId);
    if (!presence) return;
    this.coordination.publish(agentId, {
      tenantId: presence.tenantId,
      ready: presence.ready,
      availableSince: presence.availableSince,
    });
  }

  /** Agents on other nodes enter this book as if connected here, minus the sockets. */
  private presenceElsewhere(agents: ReadonlyMap<string, NodePresence>): void {
    this.settleGroups();
    const before = this.elsewhere;
    this.elsewhere = agents;
    for (const agentId of new Set([...before.keys(), ...agents.keys()])) {
      if (this.local.has(agentId)) continue;
      const now = agents.get(agentId);
      const was = before.get(agentId);
      if (now && was && now.ready === was.ready && now.availableSince === was.availableSince)
        continue;
      const tenantId = now?.tenantId ?? was!.tenantId;
      if (now) {
        this.cancelGrace(agentId);
        this.book.connect(agentId, tenantId);
        this.book.setReady(agentId, now.ready, now.availableSince);
      } else {
        this.book.disconnect(agentId);
        this.startGrace(agentId);
      }
      this.reroute(tenantId, [], [agentId], this.feed.position);
    }
  }

  /** Taking over from a node that died: its agents' grace and the queues it left waiting. */
  private becameOwner(): void {
    this.settleGroups();
    for (const agentId of this.book.holders()) this.startGrace(agentId);
    const waiting = new Map<string, Set<string | null>>();
    for (const conversation of this.book.live()) {
      if (conversation.status !== 'queued') continue;
      const queues = waiting.get(conversation.tenantId) ?? new Set<string | null>();
      queues.add(conversation.queue);
      waiting.set(conversation.tenantId, queues);
    }
    for (const [tenantId, queues] of waiting)
      this.reroute(tenantId, [...queues], [], this.feed.position);
  }

  private clearGrace(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }

  /** The agents whose screens show this offer now. */
  shownTo(conversationId: string): string[] {
    return [...(this.shownBy.get(conversationId) ?? [])];
  }

  /** The offers the agent is shown, oldest first (as of now: what this turn left to decide is decided first). */
  offersOf(agentId: string): Waiting[] {
    this.settleGroups();
    return [...(this.shown.get(agentId)?.keys() ?? [])]
      .map((id) => this.book.conversation(id))
      .filter((c): c is Waiting => c?.status === 'queued');
  }

  // ---- agent actions (checked here for a clear answer, then judged by the aggregate)

  async accept(agent: AuthUser, conversationId: string): Promise<void> {
    const conversation = this.own(agent, conversationId);
    if (conversation.status === 'assigned' && conversation.agentId === agent.userId) return;
    if (conversation.status === 'ended') throw ended(conversationId);
    if (conversation.status === 'assigned') {
      throw new ConversationError('already_assigned', 'another agent accepted it first');
    }
    if (!this.offeredTo(agent, conversation)) {
      throw new AppError('forbidden', 'this conversation is not offered to you');
    }
    const earlier = this.accepting.get(conversationId);
    if (earlier) return this.acceptAfter(earlier, agent, conversationId);
    const attempt = this.withSlot(
      agent.userId,
      conversation,
      () =>
        this.commands.run(
          conversationId,
          'AcceptConversation',
          { agentId: agent.userId },
          agent.userId,
        ),
      () => this.handOut(agent.userId, conversation),
    );
    this.accepting.set(conversationId, { agentId: agent.userId, done: attempt });
    try {
      await attempt;
    } finally {
      this.accepting.delete(conversationId);
    }
  }

  /**
   * A chat offered to a whole queue draws several accepts at once. Each used to run its
   * command, and all but the first were refused by the aggregate (a read and a decision on
   * the main thread each, 19 of 20 under load): now they wait for the first one's outcome,
   * lose at once if it won, and try again (one at a time) if it was refused. The aggregate
   * still decides between nodes.
   */
  private async acceptAfter(
    earlier: { agentId: string; done: Promise<void> },
    agent: AuthUser,
    conversationId: string,
  ): Promise<void> {
    const won = await earlier.done.then(
      () => true,
      () => false,
    );
    if (!won) return this.accept(agent, conversationId);
    // The same agent's second click: theirs already.
    if (earlier.agentId === agent.userId) return;
    throw new ConversationError('already_assigned', 'another agent accepted it first');
  }

  async close(
    agent: AuthUser,
    conversationId: string,
    wrapUpTags: readonly WrapUpTagChoice[] = [],
  ): Promise<void> {
    this.assignedTo(agent, conversationId);
    await this.commands.run(
      conversationId,
      'CloseConversation',
      { agentId: agent.userId, wrapUpTags },
      agent.userId,
    );
  }

  async transfer(
    agent: AuthUser,
    conversationId: string,
    to: TransferTarget,
    note: string | null,
  ): Promise<void> {
    const conversation = this.assignedTo(agent, conversationId);
    if (to.kind === 'queue') {
      if (!this.directory.queue(agent.tenantId!, to.queue)) {
        throw new AppError('not_found', 'queue not found');
      }
      await this.commands.run(
        conversationId,
        'TransferConversation',
        { agentId: agent.userId, to, note },
        agent.userId,
      );
      return;
    }
    const colleague = this.directory.findUser(to.agentId);
    if (!colleague || colleague.tenantId !== agent.tenantId || colleague.disabled) {
      throw new AppError('not_found', 'agent not found');
    }
    if (to.agentId === agent.userId) {
      throw new ConversationError('invalid_transfer', 'cannot transfer a conversation to yourself');
    }
    await this.withSlot(to.agentId, conversation, () =>
      this.commands.run(
        conversationId,
        'TransferConversation',
        { agentId: agent.userId, to, note },
        agent.userId,
      ),
    );
  }

  /** It waits in a queue that offers its chats to this agent: what they may accept, and see before they do. */
  offeredTo(agent: AuthUser, conversation: RoutedConversation): boolean {
    if (conversation.status !== 'queued') return false;
    const queue = this.directory.queue(agent.tenantId!, conversation.queue ?? '');
    return !!queue?.members.includes(agent.userId) && queue.routingMode === 'offer';
  }

  /** Another tenant's conversation answers exactly like a missing one. */
  own(agent: AuthUser, conversationId: string): RoutedConversation {
    const conversation = this.book.conversation(conversationId);
    if (!conversation || conversation.tenantId !== agent.tenantId) {
      throw new ConversationError('conversation_not_found', 'conversation not found');
    }
    return conversation;
  }

  /** Only the agent who has it may act on it; an ended one is a conflict, as the aggregate says. */
  assignedTo(agent: AuthUser, conversationId: string): RoutedConversation {
    const conversation = this.own(agent, conversationId);
    if (conversation.status === 'ended') throw ended(conversationId);
    if (conversation.status !== 'assigned' || conversation.agentId !== agent.userId) {
      throw new ConversationError('not_assigned_agent', 'the conversation is not assigned to you');
    }
    return conversation;
  }

  // ---- reacting to the log

  /**
   * Before the feed folds an event: a move that changes the groups' inputs other than by a
   * chat joining the end of the one grouped queue waiting for its decision has the turn's
   * earlier moves decided first, on the state they left, so every decision is the one
   * deciding after each move gave.
   */
  private beforeChange(conversationId: string, event: ConversationEvent, position: number): void {
    const change = this.book.preview(conversationId, event, position);
    this.upcoming = change ? this.effectOnGroups(change) : 'none';
    if (this.pending.empty || !change || this.upcoming === 'none') return;
    const { after } = change;
    if (this.upcoming === 'joins' && after.status === 'queued' && this.joinsLast(after)) return;
    this.settleGroups();
  }

  /** A chat joining the end of the grouped queue that is the only one waiting for its decision. */
  private joinsLast(after: Waiting): boolean {
    const { tenantId, conversationId } = after;
    const queueId = after.queue!;
    if (!this.pending.onlyFor(tenantId, queueId)) return false;
    if (after.front || this.groups.holds(tenantId, queueId, conversationId)) return false;
    return this.book
      .waiting(tenantId, queueId)
      .every(
        (c) =>
          c.status === 'queued' &&
          (c.front ||
            c.queuedAt < after.queuedAt ||
            (c.queuedAt === after.queuedAt && c.position < after.position)),
      );
  }

  /**
   * What a move does to the inputs of the grouped queues' rule (offer-groups.ts: their waiting
   * lists in turn order, their members' loads): nothing (an accepted chat's assignment arriving,
   * a chat queued before its customer spoke); a chat joining a grouped queue's list, which at
   * its end leaves every earlier chat's group as it was, so one decision after several of them
   * gives what one after each gave (joinsLast); or more (a chat leaving, a slot freed or taken,
   * an automatic queue's assignments).
   */
  private effectOnGroups({ before, after }: RoutingChange): GroupEffect {
    const { conversationId } = after;
    if (before?.status === 'assigned') return 'more';
    const reserved = this.book.isReserved(conversationId);
    if (after.status === 'assigned' && !this.book.reservedOnlyBy(conversationId, after.agentId))
      return 'more';
    if (after.status === 'ended' && reserved) return 'more';
    if (this.coordination.owner && this.assignsAutomatically({ before, after })) return 'more';
    const grouped = (c: RoutedConversation | undefined): c is Waiting =>
      c?.status === 'queued' &&
      c.spoken &&
      !reserved &&
      c.queue !== null &&
      this.isGrouped(c.tenantId, c.queue);
    if (grouped(before)) return 'more';
    return grouped(after) ? 'joins' : 'none';
  }

  /** Whether the move's rerouting runs an automatic queue's assignments (they take slots). */
  private assignsAutomatically(change: RoutingChange): boolean {
    const { tenantId } = change.after;
    const auto = (queueId: string | null) =>
      queueId !== null && this.directory.queue(tenantId, queueId)?.routingMode === 'auto';
    return (
      queuesOf(change).some(auto) ||
      agentsOf(change).some((agentId) =>
        this.directory.queuesOf(agentId).some((q) => q.routingMode === 'auto'),
      )
    );
  }

  private onFeed(item: FeedItem): void {
    if (item.replay || !item.change) return;
    const { tenantId } = item.change.after;
    const agents = agentsOf(item.change);
    for (const agentId of agents) {
      if (!this.book.presence(agentId)?.connected && this.book.loadOf(agentId) > 0) {
        this.startGrace(agentId);
      }
    }
    this.reroute(
      tenantId,
      queuesOf(item.change),
      agents,
      item.recorded.globalPosition,
      item.change,
      this.upcoming,
    );
  }

  /**
   * Routes the queues touched (and the queues of the agents touched), then
   * derives again the offers of the agents the change could concern and
   * tells each the difference: the agents touched (presence, a slot, a chat
   * of theirs); for a conversation that left a waiting list, those who were
   * shown it; for one that joined, the members with more free slots than its
   * place in the queue (the others are shown older chats); without a change
   * from the log (a slot handed back, a new routing owner), every member of
   * the queues named. Waiting counts are told again to the members of a queue
   * whose waiting list changed. With 200 agents in a queue, deriving every
   * member again on every change was most of the main thread's time under load.
   * A change from the log leaves the grouped queues' groups, and their members'
   * offers, for the end of the turn (settle), unless it changes nothing they
   * are decided from (`effect`).
   */
  private reroute(
    tenantId: string,
    queueIds: readonly (string | null)[],
    agentIds: readonly string[],
    position: number,
    change?: RoutingChange,
    effect: GroupEffect = 'more',
  ): void {
    const queues = new Set(queueIds);
    for (const agentId of agentIds) {
      for (const queue of this.directory.queuesOf(agentId)) queues.add(queue.queueId);
    }
    const offers = new Set(agentIds);
    agentIds.forEach((agentId) => this.recount(tenantId, agentId));
    for (const queueId of queues) {
      if (queueId === null) continue;
      const assigned = this.routeAutomatically(tenantId, queueId);
      // A reserved chat leaves the waiting count, and the agent's free slots for offers elsewhere.
      assigned.forEach((agentId) => offers.add(agentId));
      if (assigned.length > 0) this.recountQueue(tenantId, queueId);
    }
    const waiting = waitingInTurn(this.book);
    // Once per queue, not per member: only the agents whose groups changed are derived again.
    for (const queueId of queues) {
      if (queueId === null) continue;
      if (!change) {
        this.regroup(tenantId, queueId, waiting).forEach((agentId) => offers.add(agentId));
        continue;
      }
      const grouped = this.isGrouped(tenantId, queueId);
      const decided = this.groups.has(tenantId, queueId);
      // A queue that just got or lost its group size is decided again whatever moved.
      if (grouped ? effect !== 'none' || !decided : decided) this.pending.add(tenantId, queueId);
    }
    if (!this.pending.empty) this.tellLater();
    if (change) this.concerned(change, waiting, offers);
    else
      for (const queueId of queueIds) {
        if (queueId === null) continue;
        this.recountQueue(tenantId, queueId);
        if (!this.isGrouped(tenantId, queueId))
          this.directory.membersOf(tenantId, queueId).forEach((agentId) => offers.add(agentId));
      }
    for (const agentId of offers) this.refreshOffers(agentId, position, waiting);
    for (const agentId of agentIds) this.emit((l) => l.agentChanged?.(tenantId, agentId));
    for (const queueId of queues) this.emit((l) => l.queueChanged?.(tenantId, queueId));
  }

  /**
   * An accepted chat is reserved, and a reserved chat is out of the waiting list
   * (RoutingBook.waiting): the other agents it was shown are told now, and shown
   * the next waiting chat, instead of when the assignment comes back from the log.
   * In offer mode everyone with n free slots sees the same n oldest chats, so at
   * most n accepts are under way at once: waiting for each one's command and its
   * return through the feed held a 200-agent queue to about n new chats per
   * accept round trip, and at 100 new chats a second the rest waited seconds in
   * line (BENCHMARKS.md, session 12). The accepting agent's own screen changes
   * when the assignment arrives, as before; a refused accept offers the chat again (released).
   */
  private handOut(acceptor: string, conversation: RoutedConversation): void {
    if (conversation.status !== 'queued') return;
    const { tenantId, conversationId } = conversation;
    const position = this.feed.position;
    const waiting = waitingInTurn(this.book);
    this.handedOut.add(conversationId);
    const next = new Set(this.shownTo(conversationId));
    // Its group takes the next chat waiting (the acceptor's screen, again, when the assignment arrives).
    if (conversation.queue !== null)
      this.regroup(tenantId, conversation.queue, waiting).forEach((agentId) => next.add(agentId));
    for (const agentId of next)
      if (agentId !== acceptor) this.refreshOffers(agentId, position, waiting);
    if (conversation.queue !== null) this.recountQueue(tenantId, conversation.queue, acceptor);
  }

  /** Whose offers and waiting counts one conversation's move between waiting lists can change. */
  private concerned({ before, after }: RoutingChange, waiting: WaitingInTurn, offers: Set<string>) {
    const members = (c: Waiting) => this.directory.membersOf(c.tenantId, c.queue ?? '');
    if (before?.status === 'queued' && before.spoken) {
      this.shownTo(before.conversationId).forEach((agentId) => offers.add(agentId));
      // Handed out by an accept here: the members were told it left then (the acceptor is in the change).
      const told = after.status !== 'queued' && this.handedOut.delete(before.conversationId);
      if (!told && before.queue !== null) this.recountQueue(before.tenantId, before.queue);
    }
    if (after.status !== 'queued' || !after.spoken || after.queue === null) return;
    this.recountQueue(after.tenantId, after.queue);
    // Its group is decided already (regroup): nobody else's offers change.
    if (this.isGrouped(after.tenantId, after.queue)) return;
    const free = new Map<string, number>();
    for (const agentId of members(after)) {
      const capacity = this.directory.capacityOf(agentId);
      if (this.book.canTake(agentId, capacity))
        free.set(agentId, capacity - this.book.loadOf(agentId));
    }
    // No member with a free slot: its place in the queue changes no one's offers, so the queue is
    // not sorted to find it (with no agent ready that sort, per event of every waiting chat, was
    // most of the acknowledging thread's routing time at 1,000 webhooks/s: BENCHMARKS.md, session 11).
    if (free.size === 0) return;
    this.done.queuePlaces += 1;
    const turn = turnOf(waiting, after.tenantId, after.queue, after.conversationId);
    if (turn < 0) return;
    for (const [agentId, slots] of free) if (slots > turn) offers.add(agentId);
  }

  /** Customers waiting in any of the agent's queues: what an agent at capacity still needs to know. */
  waitingFor(agentId: string, counted = new Map<string, number>()): number {
    const tenantId = this.book.presence(agentId)?.tenantId;
    if (tenantId === undefined) return 0;
    let sum = 0;
    for (const { queueId } of this.directory.queuesOf(agentId)) {
      const key = queueKey(tenantId, queueId);
      let count = counted.get(key);
      if (count === undefined) {
        this.done.waitingCounts += 1;
        count = this.book.waiting(tenantId, queueId).length;
        counted.set(key, count);
      }
      sum += count;
    }
    return sum;
  }

  /**
   * What this turn left to its end: the grouped queues' decisions, then the waiting counts; at
   * the end of the turn (the outbox, before it sends), and before one agent's ack is sent (with
   * `agentId`: that agent's count; the decisions are for everyone).
   */
  settle(agentId?: string): void {
    this.settleGroups();
    this.tellWaiting(agentId);
  }

  /**
   * Decides the groups this turn left to its end, once per queue, and derives again the offers
   * of the agents whose groups changed or whose offers waited for it. Also run before anything
   * else changes the groups' inputs (a socket's action, a ring, a move the turn's moves before
   * it do not commute with: beforeChange), so each decision sees the state the moves before it left.
   */
  private settleGroups(): void {
    if (this.pending.empty) return;
    const { queues, agents } = this.pending.take();
    const waiting = waitingInTurn(this.book);
    const offers = new Set(agents);
    for (const { tenantId, queueId } of queues)
      this.regroup(tenantId, queueId, waiting).forEach((agentId) => offers.add(agentId));
    for (const agentId of offers) this.refreshOffers(agentId, this.feed.position, waiting);
  }

  /**
   * Tells the waiting counts that changed since the last time, as they are now: at the end of
   * the turn, and for one agent before their ack is sent (an ack never overtakes the pushes
   * made before it, docs/socket-contract.md). A change to a queue's waiting list used to count
   * it again for every member, and every new chat changes it 2 or 3 times (queued, handed out,
   * assigned), often in one turn: now each queue is counted once per telling, and the members
   * told the same count share one call (one push for the gateway to encode).
   */
  private tellWaiting(agentId?: string): void {
    const agents = this.stale.take(this.directory, agentId);
    if (agents.size === 0) return;
    const position = this.feed.position;
    const counted = new Map<string, number>();
    const told = new Map<string, { tenantId: string; count: number; agentIds: string[] }>();
    for (const [id, tenantId] of agents) {
      if (!this.book.presence(id)?.connected) continue;
      this.done.waitingRecounts += 1;
      const count = this.waitingFor(id, counted);
      if (this.waitingTold.get(id) === count) continue;
      this.waitingTold.set(id, count);
      const key = `${tenantId}\n${count}`;
      const same = told.get(key);
      if (same) same.agentIds.push(id);
      else told.set(key, { tenantId, count, agentIds: [id] });
    }
    for (const { tenantId, count, agentIds } of told.values())
      this.emit((l) => l.waitingChanged?.(tenantId, agentIds, count, position));
  }

  /** The agent's waiting count is told again at the end of the turn. */
  private recount(tenantId: string, agentId: string): void {
    this.stale.agent(tenantId, agentId);
    this.tellLater();
  }

  /** The queue's waiting list changed: its members are told at the end of the turn (but `except`, this time). */
  private recountQueue(tenantId: string, queueId: string, except?: string): void {
    this.stale.queue(tenantId, queueId, except);
    this.tellLater();
  }

  private tellLater(): void {
    this.tellScheduled ??= setImmediate(() => {
      this.tellScheduled = undefined;
      this.settle();
    });
  }

  /** Reserves and assigns the chats of an auto queue; returns the agents given one. */
  private routeAutomatically(tenantId: string, queueId: string): string[] {
    if (!this.coordination.owner) return [];
    const assignments = autoAssignments(this.book, this.directory, tenantId, queueId, Date.now());
    for (const { conversationId, agentId } of assignments) {
      const capacity = this.directory.capacityOf(agentId);
      this.slots
        .claim(agentId, conversationId, capacity)
        .then(() =>
          this.commands
            .run(conversationId, 'AssignAgent', { agentId, assignedBy: 'router' }, 'router')
            .catch((error: unknown) => {
              void this.slots.release(agentId, conversationId);
              throw error;
            }),
        )
        .catch((error: unknown) => {
          this.logger.warn({ err: error, conversationId, agentId }, 'automatic assignment refused');
          const conversation = this.book.conversation(conversationId);
          if (conversation) this.released(agentId, conversationId, conversation);
        });
    }
    return assignments.map((a) => a.agentId);
  }

  private refreshOffers(agentId: string, position: number, waiting: WaitingInTurn): void {
    const tenantId = this.book.presence(agentId)?.tenantId;
    if (
      !this.pending.empty &&
      tenantId !== undefined &&
      this.pending.defers(agentId, tenantId, this.directory.queuesOf(agentId))
    )
      return;
    const before = this.shown.get(agentId) ?? new Map<string, number>();
    this.done.offerDerivations += 1;
    const grouped = this.groups
      .offersOf(agentId)
      .map((id) => this.book.conversation(id))
      .filter((c): c is Waiting => c?.status === 'queued');
    // The classic queues fill the slots the groups left.
    const current = [
      ...grouped,
      ...offersFor(this.book, this.directory, agentId, waiting, grouped.length),
    ];
    if (current.length === 0 && before.size === 0) return;
    const next = new Map(current.map((c) => [c.conversationId, c.position]));
    this.show(agentId, next);
    for (const id of before.keys()) {
      if (!next.has(id)) this.emit((l) => l.withdrawn?.(agentId, id, position));
    }
    for (const conversation of current) {
      if (!before.has(conversation.conversationId)) {
        this.emit((l) => l.offered?.(agentId, conversation));
      }
    }
  }

  private isGrouped(tenantId: string, queueId: string | null): boolean {
    return queueId !== null && offerGroupOf(this.directory.queue(tenantId, queueId)) !== null;
  }

  /**
   * Decides a grouped queue's groups again for the agents connected here (each node chooses
   * for its own: G per node, docs/gateway.md); answers the agents whose offers from it changed.
   * A queue that just got its group size is shown by groups to every member from now on; one
   * that lost it gives its agents back to classic offers.
   */
  private regroup(tenantId: string, queueId: string, waiting: WaitingInTurn): string[] {
    const queue = this.directory.queue(tenantId, queueId);
    const group = offerGroupOf(queue);
    if (!queue || !group) return this.groups.drop(tenantId, queueId);
    // One pass over the members, the queue's only per-member work on a change (a profile of
    // bench:e2e put a filter, a map and two capacity look-ups per member ahead of the rule itself).
    this.done.regroups += 1;
    const agents: (EligibleAgent & { since: number })[] = [];
    for (const agentId of queue.members) {
      if (!this.local.has(agentId)) continue;
      const capacity = this.directory.capacityOf(agentId);
      if (!this.book.canTake(agentId, capacity)) continue;
      const free =
        capacity -
        this.book.loadOf(agentId) -
        this.groups.shownElsewhere(agentId, tenantId, queueId);
      if (free > 0)
        agents.push({ agentId, free, since: this.book.presence(agentId)!.availableSince });
    }
    agents.sort((a, b) => a.since - b.since);
    const first = !this.groups.has(tenantId, queueId);
    const changed = this.groups.update(tenantId, queueId, {
      waiting: waiting(tenantId, queueId).map((c) => ({
        conversationId: c.conversationId,
        since: c.queuedAt,
      })),
      agents,
      size: group.size,
      ringMs: group.ringMs,
      now: Date.now(),
    });
    if (!first) return changed;
    return [...new Set([...changed, ...queue.members.filter((id) => this.local.has(id))])];
  }

  /** A ring is over without an accept: the queue's groups widen. */
  private widen(tenantId: string, queueId: string): void {
    this.settleGroups();
    const waiting = waitingInTurn(this.book);
    for (const agentId of this.regroup(tenantId, queueId, waiting))
      this.refreshOffers(agentId, this.feed.position, waiting);
  }

  /** What the agent's screen shows now, kept in both directions. */
  private show(agentId: string, next: Map<string, number>): void {
    for (const id of this.shown.get(agentId)?.keys() ?? []) {
      const agents = this.shownBy.get(id);
      agents?.delete(agentId);
      if (agents?.size === 0) this.shownBy.delete(id);
    }
    for (const id of next.keys()) {
      const agents = this.shownBy.get(id) ?? new Set<string>();
      agents.add(agentId);
      this.shownBy.set(id, agents);
    }
    if (next.size > 0) this.shown.set(agentId, next);
    else this.shown.delete(agentId);
  }

  /** A slot handed back; the conversation is news to the others only if it still waits and nobody else holds it. */
  private released(agentId: string, conversationId: string, conversation: RoutedConversation) {
    this.settleGroups();
    this.book.release(agentId, conversationId);
    this.handedOut.delete(conversationId);
    const now = this.book.conversation(conversationId);
    const queue =
      now?.status === 'queued' && !this.book.isReserved(conversationId) ? now.queue : null;
    this.reroute(conversation.tenantId, [queue], [agentId], this.feed.position);
  }

  /**
   * Gives the agent a chat by `give` if they have a slot: this node's book first (and a
   * reservation, so its next decision sees the slot taken), then the agent's slot stream,
   * which the other nodes' decisions go through too (routing/agent-slots.ts).
   */
  private async withSlot(
    agentId: string,
    conversation: RoutedConversation,
    give: () => Promise<unknown>,
    reserved: () => void = () => undefined,
  ): Promise<void> {
    const { conversationId } = conversation;
    const capacity = this.directory.capacityOf(agentId);
    if (this.book.loadOf(agentId) >= capacity) throw atCapacity(capacity);
    this.settleGroups();
    this.book.reserve(agentId, conversationId, Date.now());
    reserved();
    try {
      await this.slots.claim(agentId, conversationId, capacity);
    } catch (error) {
      this.released(agentId, conversationId, conversation);
      throw error;
    }
    try {
      await give();
    } catch (error) {
      await this.slots.release(agentId, conversationId);
      this.released(agentId, conversationId, conversation);
      throw error;
    }
  }

  // ---- grace period

  /**
   * From the moment the agent left (`leftAt`, else as the cluster recorded it), so a grace
   * period begun under a routing owner that died ends at its original deadline here.
   */
  private startGrace(agentId: string, leftAt = this.coordination.awaySince(agentId)): void {
    if (!this.coordination.owner) return;
    if (this.graceTimers.has(agentId) || this.book.presence(agentId)?.connected) return;
    const { inMs } = graceEnd(leftAt, this.graceMs, Date.now());
    const timer = setTimeout(() => this.graceOver(agentId), inMs);
    timer.unref();
    this.graceTimers.set(agentId, timer);
  }

  private cancelGrace(agentId: string): void {
    clearTimeout(this.graceTimers.get(agentId));
    this.graceTimers.delete(agentId);
  }

  /** Away too long: not ready, and their customers go back to the front of their queues. */
  private graceOver(agentId: string): void {
    this.graceTimers.delete(agentId);
    this.settleGroups();
    this.book.setReady(agentId, false, Date.now());
    for (const conversationId of this.book.heldBy(agentId)) {
      const conversation = this.book.conversation(conversationId);
      if (conversation?.status !== 'assigned') continue;
      this.commands
        .run(
          conversationId,
          'RequeueConversation',
          { agentId, queue: conversation.queue, reason: 'agent_unavailable' },
          'router',
        )
        .catch((error: unknown) =>
          this.logger.error({ err: error, conversationId, agentId }, 'requeue failed'),
        );
    }
    const tenantId = this.directory.findUser(agentId)?.tenantId;
    if (tenantId) this.emit((l) => l.agentChanged?.(tenantId, agentId));
  }

  private emit(call: (listener: RoutingListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (error) {
        this.logger.error({ err: error }, 'routing listener failed');
      }
    }
  }
}

const ended = (conversationId: string) =>
  new ConversationError('already_ended', 'the conversation has ended', { conversationId });

function queuesOf({ before, after }: RoutingChange): (string | null)[] {
  return [before, after].flatMap((c) =>
    c && (c.status === 'queued' || c.status === 'assigned') ? [c.queue] : [],
  );
}

function agentsOf({ before, after }: RoutingChange): string[] {
  const ids = [before, after].flatMap((c) =>
    c && (c.status === 'assigned' || c.status === 'ended') && c.agentId ? [c.agentId] : [],
  );
  return [...new Set(ids)];
}
