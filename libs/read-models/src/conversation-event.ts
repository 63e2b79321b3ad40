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
  createSchema(): Promise<void>;
  dropSchema(): Promise<void>;
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

  async createSchema(): Promise<void> {
    await this.sql.createSchema();
  }

  async dropSchema(): Promise<void> {
    await this.sql.dropSchema();
  }

  async apply(recorded: RecordedEvent): Promise<void> {
    const decoded = conversationEventOf(recorded);
    if (decoded) await this.applyConversationEvent(decoded.conversationId, decoded.event, recorded);
  }

  protected abstract applyConversationEvent(
    conversationId: string,
    event: ConversationEvent,
    recorded: RecordedEvent,
  ): Promise<void>;
}
