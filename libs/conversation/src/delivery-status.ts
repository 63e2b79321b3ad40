import type { ConversationState, OutboundMessage } from './state';

export type OutboundStatus = 'pending' | 'failed' | 'sent' | 'delivered' | 'read';

export type OutboundMessageStatus = {
  readonly messageId: string;
  readonly mid: string | null;
  readonly status: OutboundStatus;
};

/**
 * Receipts are kept as watermarks, not attached to messages, so a receipt that
 * overtakes the Send API response still counts once the message is marked sent.
 * A message is compared by Facebook's send time when the echo gave us one, else
 * by when it was requested: it cannot have left before that, and Facebook's
 * watermark means "everything sent before this time".
 */
export function outboundStatuses(state: ConversationState): OutboundMessageStatus[] {
  if (state.status === 'empty') return [];
  return [...state.outbound.values()].map((message) => ({
    messageId: message.messageId,
    mid: message.mid,
    status: statusOf(message, state),
  }));
}

function statusOf(
  message: OutboundMessage,
  receipts: {
    deliveredWatermark: number;
    readWatermark: number;
    deliveredMids: ReadonlySet<string>;
  },
): OutboundStatus {
  if (message.mid === null) return message.failure === null ? 'pending' : 'failed';
  const sentAt = message.sentAt ?? message.requestedAt;
  if (sentAt <= receipts.readWatermark) return 'read';
  if (sentAt <= receipts.deliveredWatermark || receipts.deliveredMids.has(message.mid)) {
    return 'delivered';
  }
  return 'sent';
}
