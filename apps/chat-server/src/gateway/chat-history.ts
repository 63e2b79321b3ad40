import { conversationEventCodec, type ConversationEvent } from '@pagedesk/conversation';
import type { EventStore } from '@pagedesk/event-store';
import { conversationStream } from '../conversations/conversation-stream';
import { pushFor, type ConversationPush } from './agent-pushes';
import { DeliveryLedger } from './delivery-ledger';

/**
 * Every push the conversation has produced up to `position`, in order: the
 * transcript a desktop gets in `sync` and with an accepted chat. Built from
 * the stream with the same mapping (and delivery statuses) as live pushes, so
 * merging by position leaves no gap and no duplicate.
 */
export async function chatHistory(
  store: EventStore,
  conversationId: string,
  position: number,
  nameOf?: (userId: string) => string | null,
): Promise<ConversationPush[]> {
  const recorded = await store.readStream(conversationStream(conversationId));
  const ledger = new DeliveryLedger();
  return recorded
    .filter((r) => r.globalPosition <= position)
    .map((r) => {
      const event = conversationEventCodec.decode(r) as ConversationEvent;
      const messages = ledger.apply(conversationId, event);
      return pushFor(conversationId, event, r.globalPosition, messages, nameOf);
    })
    .filter((push): push is ConversationPush => push !== undefined);
}
