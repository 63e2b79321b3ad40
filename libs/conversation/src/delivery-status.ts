import { deliveryStatus, type DeliveryStatus } from '@pagedesk/contracts';
import type { ConversationState } from './state';

/** The one delivery rule lives in libs/contracts, shared with the transcript and the desktop. */
export type OutboundStatus = DeliveryStatus;

export type OutboundMessageStatus = {
  readonly messageId: string;
  readonly mid: string | null;
  readonly status: OutboundStatus;
};

/**
 * Receipts are kept as watermarks, not attached to messages, so a receipt that
 * overtakes the Send API response still counts once the message is marked sent.
 */
export function outboundStatuses(state: ConversationState): OutboundMessageStatus[] {
  if (state.status === 'empty') return [];
  return [...state.outbound.values()].map((message) => ({
    messageId: message.messageId,
    mid: message.mid,
    status: deliveryStatus(message, state),
  }));
}
