import {
  deliveryStatus,
  type DeliveryStatus,
  type MessageStatus,
  type OutboundFacts,
} from '@pagedesk/contracts';
import type { ConversationEvent } from '@pagedesk/conversation';

interface Outbound extends OutboundFacts {
  readonly reason: string | null;
}

interface Book {
  readonly outbound: Map<string, Outbound>;
  deliveredWatermark: number;
  readWatermark: number;
  readonly deliveredMids: Set<string>;
  ended: boolean;
}

/** Ended conversations still get receipts (and their closing message's confirmation) for a while. */
const ENDED_KEPT = 10_000;

/**
 * The facts `deliveryStatus` needs per conversation, folded from the feed (and from a stream for
 * `sync`), so every `chat:delivery` push carries the status each affected message now has: the
 * desktop shows it, it does not compute it.
 */
export class DeliveryLedger {
  private readonly books = new Map<string, Book>();
  private readonly ended: string[] = [];

  /** Folds one event and returns the messages whose status it changed (a confirmation or failure: always its message). */
  apply(conversationId: string, event: ConversationEvent): MessageStatus[] {
    if (event.type === 'ConversationStarted') this.books.set(conversationId, newBook());
    const book = this.books.get(conversationId);
    if (!book) return [];
    const before = new Map([...book.outbound.keys()].map((id) => [id, statusIn(book, id)]));
    const touched = evolve(book, event);
    if (book.ended && touched === 'end') this.forgetLater(conversationId);
    return [...book.outbound.keys()]
      .filter((id) => id === touched || before.get(id) !== statusIn(book, id))
      .map((id) => view(book, id));
  }

  private forgetLater(conversationId: string): void {
    this.ended.push(conversationId);
    if (this.ended.length > ENDED_KEPT) this.books.delete(this.ended.shift()!);
  }
}

const newBook = (): Book => ({
  outbound: new Map(),
  deliveredWatermark: 0,
  readWatermark: 0,
  deliveredMids: new Set(),
  ended: false,
});

/** Returns the message id the event is about, `end` when the conversation ended, else undefined. */
function evolve(book: Book, event: ConversationEvent): string | 'end' | undefined {
  const update = (messageId: string, change: Partial<Outbound>) => {
    const message = book.outbound.get(messageId);
    if (message) book.outbound.set(messageId, { ...message, ...change });
    return messageId;
  };
  switch (event.type) {
    case 'AgentMessageRequested':
    case 'AutomaticMessageRequested':
      book.outbound.set(event.data.messageId, {
        mid: null,
        sentAt: null,
        requestedAt: event.data.requestedAt,
        failure: null,
        reason: null,
      });
      return undefined;
    case 'AgentMessageSent':
      return update(event.data.messageId, { mid: event.data.mid, sentAt: event.data.sentAt });
    case 'AgentMessageFailed':
      return update(event.data.messageId, {
        failure: { permanent: event.data.permanent },
        reason: event.data.reason,
      });
    case 'DeliveryWatermarkAdvanced':
      book.deliveredWatermark = Math.max(book.deliveredWatermark, event.data.watermark);
      for (const mid of event.data.mids ?? []) book.deliveredMids.add(mid);
      return undefined;
    case 'ReadWatermarkAdvanced':
      book.readWatermark = Math.max(book.readWatermark, event.data.watermark);
      return undefined;
    case 'ConversationClosedByAgent':
    case 'ChatEndedByCustomer':
    case 'ConversationExpired':
    case 'RecipientUnavailable':
      if (book.ended) return undefined;
      book.ended = true;
      return 'end';
    default:
      return undefined;
  }
}

const statusIn = (book: Book, messageId: string): DeliveryStatus =>
  deliveryStatus(book.outbound.get(messageId)!, book);

function view(book: Book, messageId: string): MessageStatus {
  const message = book.outbound.get(messageId)!;
  return {
    messageId,
    status: statusIn(book, messageId),
    failure: message.mid === null ? message.reason : null,
  };
}
