import type { ConversationEvent } from '@pagedesk/conversation';
import { queueKey, type RoutedConversation } from './routed-conversation';

export interface RoutingChange {
  readonly before: RoutedConversation | undefined;
  readonly after: RoutedConversation;
}

interface Presence {
  readonly tenantId: string;
  ready: boolean;
  connected: boolean;
  /** For auto mode: since when the agent has waited for a chat (became ready, or last got one). */
  availableSince: number;
}

/** Sizes of every structure the book keeps, for tests and docs/memory.md. */
export interface RoutingBookSizes {
  readonly live: number;
  readonly recentlyEnded: number;
  readonly waitingLists: number;
  readonly waiting: number;
  readonly holders: number;
  readonly reservations: number;
  readonly reservedConversations: number;
  readonly agents: number;
}

/** The book's state from the log (not presence or reservations: those live with connections and decisions). */
export interface RoutingBookSnapshot {
  readonly live: readonly RoutedConversation[];
  readonly ended: readonly RoutedConversation[];
  readonly waiting: readonly (readonly [string, readonly string[]])[];
  readonly held: readonly (readonly [string, readonly string[]])[];
}

/** Ended conversations remembered so that late events and late actions still get their answer. */
export const RECENTLY_ENDED = 1_000;

/**
 * Who waits where and who holds what, folded from conversation events, plus
 * agent presence (which is not in the log: it lives as long as a connection).
 * No I/O and no clock: callers pass times in. Reservations hold an agent's
 * slot between deciding to give them a chat and its AgentAssigned event
 * coming back from the log, so two decisions never spend the same slot.
 *
 * Bounded by live work: a conversation leaves when it ends (into a small
 * window of recently ended ones, oldest dropped first), an agent when they
 * are disconnected, not ready and hold nothing; empty lists and sets go too.
 */
export class RoutingBook {
  private readonly conversations = new Map<string, RoutedConversation>();
  /** Insertion order is end order: the first key is the one to forget next. */
  private readonly ended = new Map<string, RoutedConversation>();
  /** Per queue, waiting conversation ids: those taken back from an agent first, then by arrival. */
  private readonly waitingLists = new Map<string, string[]>();
  private readonly held = new Map<string, Set<string>>();
  private readonly reservations = new Map<string, Set<string>>();
  private readonly reservedConversations = new Map<string, number>();
  private readonly agents = new Map<string, Presence>();

  constructor(private readonly endedToRemember = RECENTLY_ENDED) {}

  /** Live, or ended recently enough to be remembered; undefined for one ended long ago. */
  conversation(conversationId: string): RoutedConversation | undefined {
    return this.conversations.get(conversationId) ?? this.ended.get(conversationId);
  }

  /** Every live (not ended) conversation, in the order they were first seen. */
  live(): IterableIterator<RoutedConversation> {
    return this.conversations.values();
  }

  /** Everything folded from the log, in the order the fold produced it: restoring it gives the same book. */
  snapshot(): RoutingBookSnapshot {
    return {
      live: [...this.conversations.values()],
      ended: [...this.ended.values()],
      waiting: [...this.waitingLists].map(([key, ids]) => [key, [...ids]] as const),
      held: [...this.held].map(([agentId, ids]) => [agentId, [...ids]] as const),
    };
  }

  /** Into an empty book: what the fold up to the snapshot's position had built. */
  restore(snapshot: RoutingBookSnapshot): void {
    if (this.conversations.size > 0 || this.ended.size > 0)
      throw new Error('a routing book is restored before it folds anything');
    for (const c of snapshot.live) this.conversations.set(c.conversationId, c);
    for (const c of snapshot.ended.slice(-this.endedToRemember))
      this.ended.set(c.conversationId, c);
    for (const [key, ids] of snapshot.waiting) this.waitingLists.set(key, [...ids]);
    for (const [agentId, ids] of snapshot.held) this.held.set(agentId, new Set(ids));
  }

  sizes(): RoutingBookSizes {
    let waiting = 0;
    for (const list of this.waitingLists.values()) waiting += list.length;
    return {
      live: this.conversations.size,
      recentlyEnded: this.ended.size,
      waitingLists: this.waitingLists.size,
      waiting,
      holders: this.held.size,
      reservations: this.reservations.size,
      reservedConversations: this.reservedConversations.size,
      agents: this.agents.size,
    };
  }

  /** What `apply` would answer for the event, folding nothing. */
  preview(
    conversationId: string,
    event: ConversationEvent,
    position: number,
  ): RoutingChange | undefined {
    const before = this.conversation(conversationId);
    const after = next(before, conversationId, event, position);
    return after === undefined || after === before ? undefined : { before, after };
  }

  /** Folds one conversation event; undefined when routing is unaffected. */
  apply(
    conversationId: string,
    event: ConversationEvent,
    position: number,
  ): RoutingChange | undefined {
    const change = this.preview(conversationId, event, position);
    if (!change) return undefined;
    const { before, after } = change;
    this.leave(before);
    this.enter(after);
    if (after.status === 'ended') this.remember(after);
    else this.conversations.set(conversationId, after);
    if (after.status !== 'queued') this.clearReservations(conversationId);
    return change;
  }

  private remember(ended: RoutedConversation): void {
    this.conversations.delete(ended.conversationId);
    this.ended.set(ended.conversationId, ended);
    if (this.ended.size > this.endedToRemember)
      this.ended.delete(this.ended.keys().next().value as string);
  }

  // ---- presence

  presence(agentId: string): Readonly<Presence> | undefined {
    return this.agents.get(agentId);
  }

  connect(agentId: string, tenantId: string): void {
    const known = this.agents.get(agentId);
    if (known) known.connected = true;
    else this.agents.set(agentId, { tenantId, ready: false, connected: true, availableSince: 0 });
  }

  disconnect(agentId: string): void {
    const known = this.agents.get(agentId);
    if (known) known.connected = false;
    this.forgetIdle(agentId);
  }

  setReady(agentId: string, ready: boolean, now: number): void {
    const known = this.agents.get(agentId);
    if (!known || known.ready === ready) return;
    known.ready = ready;
    if (ready) known.availableSince = now;
    this.forgetIdle(agentId);
  }

  /** Gone, not ready and holding nothing: nothing about them is left to decide. */
  private forgetIdle(agentId: string): void {
    const known = this.agents.get(agentId);
    if (known && !known.connected && !known.ready && this.loadOf(agentId) === 0)
      this.agents.delete(agentId);
  }

  // ---- load and slots

  /** Chats held plus slots reserved for chats on their way. */
  loadOf(agentId: string): number {
    return (this.held.get(agentId)?.size ?? 0) + (this.reservations.get(agentId)?.size ?? 0);
  }

  heldBy(agentId: string): readonly string[] {
    return [...(this.held.get(agentId) ?? [])];
  }

  /** Every agent holding at least one chat. */
  holders(): string[] {
    return [...this.held].filter(([, chats]) => chats.size > 0).map(([agentId]) => agentId);
  }

  /** Connected, ready and below capacity. */
  canTake(agentId: string, capacity: number): boolean {
    const presence = this.agents.get(agentId);
    return !!presence?.connected && presence.ready && this.loadOf(agentId) < capacity;
  }

  reserve(agentId: string, conversationId: string, now: number): void {
    const mine = this.reservations.get(agentId) ?? new Set<string>();
    if (mine.has(conversationId)) return;
    mine.add(conversationId);
    this.reservations.set(agentId, mine);
    this.reservedConversations.set(
      conversationId,
      (this.reservedConversations.get(conversationId) ?? 0) + 1,
    );
    const presence = this.agents.get(agentId);
    if (presence) presence.availableSince = now;
  }

  /** After a refused command; a no-op once the assignment arrived from the log. */
  release(agentId: string, conversationId: string): void {
    if (!this.reservations.get(agentId)?.delete(conversationId)) return;
    if (this.reservations.get(agentId)!.size === 0) this.reservations.delete(agentId);
    const left = (this.reservedConversations.get(conversationId) ?? 1) - 1;
    if (left > 0) this.reservedConversations.set(conversationId, left);
    else this.reservedConversations.delete(conversationId);
  }

  isReserved(conversationId: string): boolean {
    return this.reservedConversations.has(conversationId);
  }

  /** Reserved by this agent and nobody else. */
  reservedOnlyBy(conversationId: string, agentId: string): boolean {
    return (
      this.reservedConversations.get(conversationId) === 1 &&
      !!this.reservations.get(agentId)?.has(conversationId)
    );
  }

  // ---- queues

  /** Waiting conversations of one queue, oldest (or taken back) first, not counting those being handed out. */
  waiting(tenantId: string, queue: string | null): RoutedConversation[] {
    return (this.waitingLists.get(queueKey(tenantId, queue)) ?? [])
      .map((id) => this.conversations.get(id)!)
      .filter((c) => c.spoken && !this.isReserved(c.conversationId));
  }

  private leave(before: RoutedConversation | undefined): void {
    if (before?.status === 'queued') {
      const list = this.waitingLists.get(queueKey(before.tenantId, before.queue));
      const index = list?.indexOf(before.conversationId) ?? -1;
      if (index >= 0) list!.splice(index, 1);
      if (list?.length === 0) this.waitingLists.delete(queueKey(before.tenantId, before.queue));
    }
    if (before?.status === 'assigned') {
      const mine = this.held.get(before.agentId);
      mine?.delete(before.conversationId);
      if (mine?.size === 0) this.held.delete(before.agentId);
      this.forgetIdle(before.agentId);
    }
  }

  private enter(after: RoutedConversation): void {
    if (after.status === 'queued') {
      const key = queueKey(after.tenantId, after.queue);
      const list = this.waitingLists.get(key) ?? [];
      if (after.front) {
        const firstBehind = list.findIndex((id) => {
          const other = this.conversations.get(id);
          return other?.status === 'queued' && !other.front;
        });
        list.splice(firstBehind < 0 ? list.length : firstBehind, 0, after.conversationId);
      } else {
        list.push(after.conversationId);
      }
      this.waitingLists.set(key, list);
    }
    if (after.status === 'assigned') {
      const mine = this.held.get(after.agentId) ?? new Set<string>();
      mine.add(after.conversationId);
      this.held.set(after.agentId, mine);
    }
  }

  private clearReservations(conversationId: string): void {
    if (!this.reservedConversations.delete(conversationId)) return;
    for (const [agentId, mine] of this.reservations) {
      mine.delete(conversationId);
      if (mine.size === 0) this.reservations.delete(agentId);
    }
  }
}

function next(
  before: RoutedConversation | undefined,
  conversationId: string,
  event: ConversationEvent,
  position: number,
): RoutedConversation | undefined {
  if (event.type === 'ConversationStarted') {
    if (before) return before;
    const { tenantId, pageId } = event.data;
    return { conversationId, tenantId, pageId, position, spoken: false, status: 'open' };
  }
  if (!before || before.status === 'ended') return before;
  const common = {
    conversationId,
    tenantId: before.tenantId,
    pageId: before.pageId,
    position,
    spoken: before.spoken,
  };
  switch (event.type) {
    case 'ConversationQueued':
      return before.status === 'open'
        ? {
            ...common,
            status: 'queued',
            queue: event.data.queue,
            queuedAt: event.data.queuedAt,
            front: false,
          }
        : before;
    case 'ConversationRequeued':
      return {
        ...common,
        status: 'queued',
        queue: event.data.queue,
        queuedAt: event.data.queuedAt,
        front: event.data.front,
      };
    case 'AgentAssigned':
      return {
        ...common,
        status: 'assigned',
        queue: before.status === 'open' ? null : before.queue,
        agentId: event.data.agentId,
      };
    case 'ConversationClosedByAgent':
    case 'ChatEndedByCustomer':
    case 'ConversationExpired':
    case 'RecipientUnavailable':
      return {
        ...common,
        status: 'ended',
        agentId: before.status === 'assigned' ? before.agentId : null,
      };
    case 'CustomerMessageReceived':
    case 'PostbackReceived':
      return before.spoken ? undefined : { ...before, position, spoken: true };
    // Who the customer is and how messages fare never moves a conversation between queues and agents.
    case 'ReferralReceived':
    case 'GuestUpgraded':
    case 'UserRefResolved':
    case 'CustomerProfileFetched':
    case 'CustomerProfileUnavailable':
    case 'AgentMessageRequested':
    case 'AutomaticMessageRequested':
    case 'AgentMessageSent':
    case 'AgentMessageFailed':
    case 'PageMessageEchoed':
    case 'CustomerMessageEdited':
    case 'ReactionSet':
    case 'ReactionRemoved':
    case 'DeliveryWatermarkAdvanced':
    case 'ReadWatermarkAdvanced':
    case 'ContactInfoShared':
    case 'CsatSurveyRequested':
    case 'CsatAnswered':
    case 'AgentReactionRequested':
    case 'AgentReactionSent':
    case 'AgentAttachmentUploaded':
    case 'AgentReactionFailed':
    case 'ConversationTransferred':
    case 'InternalNoteAdded':
    case 'ConversationWrappedUp':
      return undefined;
    default:
      return unhandled(event);
  }
}

/** Compile-time guard: a new event type fails the type-check until routing decides what it means. */
function unhandled(event: never): undefined {
  void event;
  return undefined;
}
