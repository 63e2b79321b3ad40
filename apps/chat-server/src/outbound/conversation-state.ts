import {
  ConversationError,
  conversationDecider,
  conversationEventCodec,
  type StartedConversation,
} from '@pagedesk/conversation';
import { aggregateStream, type EventStore } from '@pagedesk/event-store';
import { conversationStream } from '../conversations/conversation-stream';

/** The conversation as the decider sees it: the outbox's pending work and the page to send from. */
export async function loadConversation(
  store: EventStore,
  conversationId: string,
): Promise<StartedConversation> {
  const { state } = await aggregateStream(
    store,
    conversationStream(conversationId),
    conversationDecider,
    conversationEventCodec,
  );
  if (state.status === 'empty') {
    throw new ConversationError('conversation_not_found', 'no such conversation', {
      conversationId,
    });
  }
  return state;
}

/** Stream names are `conversation-<id>`; reactors only get the stream name. */
export const conversationIdOf = (streamName: string): string =>
  streamName.slice(conversationStream('').length);
