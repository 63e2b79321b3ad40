import type { CustomerIdentity } from '@pagedesk/conversation';
import type { RoutedConversation } from '@pagedesk/routing';
import type { FeedItem } from '../routing/conversation-feed';
import { pushFor } from './agent-pushes';

/**
 * Name and picture of a customer from their earlier conversations (the
 * customers read model, on disk: nothing is kept here per customer ever seen).
 */
export interface KnownProfiles {
  profileOf(
    pageId: string,
    identity: CustomerIdentity,
  ): Promise<{ readonly name: string | null; readonly pictureUrl: string | null } | undefined>;
}

type KnownProfile = Awaited<ReturnType<KnownProfiles['profileOf']>>;

/** How many of the customer's first messages ride along with a request, so an agent can judge it. */
const FIRST_MESSAGES = 3;

interface Summary {
  pageId: string;
  customer: {
    kind: string;
    id: string;
    guest: boolean;
    name: string | null;
    pictureUrl: string | null;
  };
  startedAt: number;
  firstMessages: Readonly<Record<string, unknown>>[];
  /** The latest hand-over; absent in snapshots taken before transfers carried notes. */
  transfer?: { fromAgentId: string; note: string | null; at: number };
}

/**
 * What `chat:requested` and `chat:assigned` show about a live conversation,
 * kept in memory from the feed so a push never waits for a read (and so
 * pushes leave in log order). Dropped when the conversation ends.
 */
export class ChatSummaries {
  private readonly summaries = new Map<string, Summary>();
  /** Profiles read for the event being folded (`prepare`), taken by `apply` right after. */
  private readonly looked = new Map<string, KnownProfile>();

  /** `known`: names of customers from their earlier conversations, for a returning one's first card. */
  constructor(private readonly known: KnownProfiles) {}

  /** Live conversations described: one each, dropped when it ends (docs/memory.md). */
  get size(): number {
    return this.summaries.size;
  }

  /** Kept with the routing snapshot, so a restart does not fold every conversation ever held to rebuild them. */
  readonly snapshotName = 'chatSummaries';

  snapshot(): [string, Summary][] {
    return [...this.summaries];
  }

  restore(saved: unknown): void {
    for (const [conversationId, summary] of saved as [string, Summary][])
      this.summaries.set(conversationId, summary);
  }

  /** The feed awaits this before `apply`: the read model is asynchronous, the fold is not. */
  prepare({ conversationId, event }: FeedItem): Promise<void> | undefined {
    const pageId =
      event.type === 'ConversationStarted'
        ? event.data.pageId
        : this.summaries.get(conversationId)?.pageId;
    if (pageId === undefined) return undefined;
    const identity =
      event.type === 'ConversationStarted'
        ? event.data.customer
        : event.type === 'GuestUpgraded' || event.type === 'UserRefResolved'
          ? ({ kind: 'psid', id: event.data.psid } as const)
          : undefined;
    if (!identity) return undefined;
    return this.known.profileOf(pageId, identity).then((known) => {
      this.looked.set(conversationId, known);
    });
  }

  private lookedUp(conversationId: string): KnownProfile {
    const known = this.looked.get(conversationId);
    this.looked.delete(conversationId);
    return known;
  }

  apply({ conversationId, event, recorded }: FeedItem): void {
    if (event.type === 'ConversationStarted') {
      const { pageId, customer, startedAt } = event.data;
      const known = this.lookedUp(conversationId);
      this.summaries.set(conversationId, {
        pageId,
        customer: {
          ...customer,
          guest: customer.kind === 'guest',
          name: known?.name ?? null,
          pictureUrl: known?.pictureUrl ?? null,
        },
        startedAt,
        firstMessages: [],
      });
      return;
    }
    const summary = this.summaries.get(conversationId);
    if (!summary) return;
    switch (event.type) {
      // A guest who logged in may be a customer known by that PSID: their card names them now.
      case 'GuestUpgraded':
      case 'UserRefResolved': {
        const psid = { kind: 'psid', id: event.data.psid } as const;
        const known = this.lookedUp(conversationId);
        const { name, pictureUrl } = summary.customer;
        summary.customer = {
          ...psid,
          guest: false,
          name: name ?? known?.name ?? null,
          pictureUrl: pictureUrl ?? known?.pictureUrl ?? null,
        };
        return;
      }
      case 'CustomerProfileFetched': {
        const { firstName, lastName, pictureUrl } = event.data;
        const name = [firstName, lastName].filter((p) => p).join(' ') || null;
        summary.customer = { ...summary.customer, name, pictureUrl };
        return;
      }
      case 'CustomerMessageReceived':
      case 'PostbackReceived': {
        if (summary.firstMessages.length >= FIRST_MESSAGES) return;
        const push = pushFor(conversationId, event, recorded.globalPosition);
        if (push) summary.firstMessages.push(push.payload);
        return;
      }
      case 'ConversationTransferred': {
        const { fromAgentId, note, transferredAt } = event.data;
        summary.transfer = { fromAgentId, note, at: transferredAt };
        return;
      }
      case 'ConversationClosedByAgent':
      case 'ChatEndedByCustomer':
      case 'ConversationExpired':
      case 'RecipientUnavailable':
        this.summaries.delete(conversationId);
        return;
      default:
        return;
    }
  }

  /** Who the customer of a live conversation is, as its cards show them. */
  customerOf(conversationId: string): Summary['customer'] | undefined {
    return this.summaries.get(conversationId)?.customer;
  }

  /** The `chat:requested` / `chat:assigned` payload body; `nameOf` names the transferring agent. */
  describe(
    conversation: RoutedConversation,
    pageName: string | undefined,
    nameOf: (agentId: string) => string | null = () => null,
  ) {
    const summary = this.summaries.get(conversation.conversationId);
    return {
      conversationId: conversation.conversationId,
      pageId: conversation.pageId,
      pageName: pageName ?? null,
      queue:
        conversation.status === 'queued' || conversation.status === 'assigned'
          ? conversation.queue
          : null,
      queuedAt: conversation.status === 'queued' ? conversation.queuedAt : null,
      startedAt: summary?.startedAt ?? null,
      customer: summary?.customer ?? null,
      firstMessages: summary?.firstMessages ?? [],
      transfer: summary?.transfer
        ? { ...summary.transfer, fromName: nameOf(summary.transfer.fromAgentId) }
        : null,
    };
  }
}
