import { AppError, type ErrorCode } from '@pagedesk/shared';

/** Reasons are a stable contract, like AppError codes: add, never rename. */
export const CONVERSATION_REJECTIONS = {
  conversation_not_found: 'not_found',
  already_started: 'conflict',
  already_ended: 'conflict',
  already_assigned: 'conflict',
  not_assigned_agent: 'forbidden',
  invalid_transfer: 'invalid',
  message_not_found: 'not_found',
  already_sent: 'conflict',
  customer_mismatch: 'invalid',
  not_yet_expired: 'conflict',
  empty_message: 'invalid',
  outside_messaging_window: 'conflict',
  not_closed_by_agent: 'conflict',
  invalid_contact_info: 'invalid',
  invalid_note: 'invalid',
  invalid_wrap_up: 'invalid',
  invalid_time: 'invalid',
  unknown_command: 'invalid',
  unknown_event_type: 'invalid',
  unsupported_event_version: 'invalid',
  invalid_reaction: 'invalid',
  reaction_not_found: 'not_found',
  not_an_upload: 'invalid',
} as const satisfies Record<string, ErrorCode>;

export type ConversationRejection = keyof typeof CONVERSATION_REJECTIONS;

export class ConversationError extends AppError {
  constructor(
    readonly reason: ConversationRejection,
    message: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(CONVERSATION_REJECTIONS[reason], message, { reason, ...details });
  }
}

export const isConversationError = (error: unknown): error is ConversationError =>
  error instanceof ConversationError;
