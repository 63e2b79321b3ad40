import type { ConversationEventType } from './events';

/**
 * The events that end a conversation for good: evolve never leaves `ended`, so
 * whatever follows one of them, the conversation stays ended. Readers that only
 * need to know it ended (the schedule, the automatic messages' pages) tell it
 * from the type, without folding the conversation.
 */
export const CONVERSATION_ENDINGS = [
  'ConversationClosedByAgent',
  'ChatEndedByCustomer',
  'ConversationExpired',
  'RecipientUnavailable',
] as const satisfies readonly ConversationEventType[];

const endings: ReadonlySet<string> = new Set(CONVERSATION_ENDINGS);

export const endsConversation = (type: string): boolean => endings.has(type);
