import { conversationEventCodec, type ConversationEvent } from '@pagedesk/conversation';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type { Projection, ReadModelTable } from '@pagedesk/processing';

const CONVERSATION_STREAM = 'conversation-';

/** The conversation's own events, upcast to today's schema; undefined for every other stream. */
export function conversationEventOf(
  event: RecordedEvent,
): { readonly conversationId: string; readonly event: ConversationEvent } | undefined {
  if (!event.streamName.startsWith(CONVERSATION_STREAM)) return undefined;
  return {
    conversationId: event.streamName.slice(CONVERSATION_STREAM.length),
    event: conversationEventCodec.decode(event),
  };
}

/** Compile-time guard: a new event type fails the type-check here until the projection handles it. */
export function unhandled(event: never): never {
  throw new Error(`unhandled conversation event ${(event as { type: string }).type}`);
}

/** What a projection's SQL layer offers the runner: its schema, created and dropped as a whole. */
export interface ReadModelSql {
  createSchema(): void;
  dropSchema(): void;
}

/**
 * The part every conversation read model shares: schema handling through its
 * SQL layer and picking the conversation's own events out of the log; a
 * subclass only says what each conversation event changes.
 */
export abstract class ConversationProjection<Sql extends ReadModelSql> implements Projection {
  abstract readonly name: string;
  abstract readonly tables: readonly ReadModelTable[];
  /** Nothing but conversation streams is read: not the inbox bodies, not the directory. */
  readonly filter: EventFilter = { categories: ['conversation'] };

  protected constructor(protected readonly sql: Sql) {}

  createSchema(): void {
    this.sql.createSchema();
  }

  dropSchema(): void {
    this.sql.dropSchema();
  }

  apply(recorded: RecordedEvent): void {
    const decoded = conversationEventOf(recorded);
    if (decoded) this.applyConversationEvent(decoded.conversationId, decoded.event, recorded);
  }

  protected abstract applyConversationEvent(
    conversationId: string,
    event: ConversationEvent,
    recorded: RecordedEvent,
  ): void;
}
