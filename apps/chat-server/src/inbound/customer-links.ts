import type { CustomerIdentity } from '@pagedesk/conversation';
import {
  StreamNotFoundError,
  streamIdPart,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { deterministicUuid } from '@pagedesk/shared';

export const CUSTOMER_LINKED = 'CustomerConversationLinked';

export interface CustomerLink {
  readonly conversationId: string;
  /** How many conversations this identity had before this one. */
  readonly sequence: number;
  /** Revision of the link stream, for the next link's expected revision. */
  readonly revision: number;
}

/**
 * Which conversation a customer's identity currently writes into. One stream
 * per (page, identity): the conversation id for the n-th conversation is
 * derived from the identity and n, and a new link is appended with the
 * revision that was read, so two processors racing to start a conversation
 * for the same new customer agree on one.
 */
export class CustomerLinks {
  constructor(private readonly store: EventStore) {}

  async current(pageId: string, customer: CustomerIdentity): Promise<CustomerLink | undefined> {
    const stream = linkStream(pageId, customer);
    try {
      const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return last ? toLink(last) : undefined;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /** Every conversation this identity was linked to before `current`, newest first. */
  async earlier(
    pageId: string,
    customer: CustomerIdentity,
    current: CustomerLink,
  ): Promise<string[]> {
    const links = await this.store.readStream(linkStream(pageId, customer));
    return links
      .filter((e) => e.revision < current.revision)
      .map((e) => toLink(e).conversationId)
      .filter((id, i, all) => id !== current.conversationId && all.indexOf(id) === i)
      .reverse();
  }

  /** Links the next conversation (after `previous`, if any); if another writer linked first, returns theirs. */
  async linkNext(
    pageId: string,
    customer: CustomerIdentity,
    previous: CustomerLink | undefined,
    context: { readonly now: string; readonly causationId: string },
  ): Promise<CustomerLink> {
    const sequence = previous ? previous.sequence + 1 : 0;
    const conversationId = deterministicUuid(
      `conversation|${linkStream(pageId, customer)}|${sequence}`,
    );
    return this.link(pageId, customer, { conversationId, sequence }, previous?.revision, context);
  }

  /** Points another identity (an upgraded guest's PSID, a resolved user_ref's PSID) at an existing conversation. */
  async alias(
    pageId: string,
    customer: CustomerIdentity,
    conversationId: string,
    context: { readonly now: string; readonly causationId: string },
  ): Promise<void> {
    const current = await this.current(pageId, customer);
    if (current?.conversationId === conversationId) return;
    const sequence = current ? current.sequence + 1 : 0;
    await this.link(pageId, customer, { conversationId, sequence }, current?.revision, context);
  }

  private async link(
    pageId: string,
    customer: CustomerIdentity,
    target: { conversationId: string; sequence: number },
    expected: number | undefined,
    context: { readonly now: string; readonly causationId: string },
  ): Promise<CustomerLink> {
    const stream = linkStream(pageId, customer);
    try {
      const result = await this.store.appendToStream(
        stream,
        [
          {
            id: deterministicUuid(`link|${stream}|${target.sequence}|${target.conversationId}`),
            type: CUSTOMER_LINKED,
            data: { pageId, customer: { ...customer }, ...target },
            metadata: {
              correlationId: context.causationId,
              causationId: context.causationId,
              actor: 'facebook',
              recordedAt: context.now,
            },
          },
        ],
        { expectedRevision: expected ?? 'no_stream' },
      );
      return { ...target, revision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const winner = await this.current(pageId, customer);
      if (!winner) throw error;
      return winner;
    }
  }
}

/**
 * Keyed on the id, not the kind: Facebook sends a guest's messages with the
 * guest id as a plain sender id, and only referrals say "guest". user_refs
 * are developer-chosen strings, so they get a prefix to never meet an id.
 * Both parts go through streamIdPart: whatever Facebook sends, the name is valid.
 */
export const linkStream = (pageId: string, customer: CustomerIdentity) =>
  `customer-${streamIdPart(pageId)}.${streamIdPart(customer.kind === 'user_ref' ? `ref:${customer.id}` : customer.id)}`;

function toLink(event: RecordedEvent): CustomerLink {
  const data = event.data as { conversationId: string; sequence: number };
  return { conversationId: data.conversationId, sequence: data.sequence, revision: event.revision };
}
