import { conversationEventCodec, type ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';

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
