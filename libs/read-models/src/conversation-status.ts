export const CONVERSATION_STATUSES = [
  'queued',
  'assigned',
  'closed',
  'expired',
  'customer_ended',
  'unreachable',
] as const;

export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
