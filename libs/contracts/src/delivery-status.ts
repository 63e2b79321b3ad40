import { Type } from '@sinclair/typebox';
import type { Wire } from './schema';

/**
 * Where a message the page sent (agent or automatic) stands, by Messenger's semantics:
 * `pending` until Facebook accepted it (a transient failure is retried, so still pending),
 * `sent` once the Send API answered or its echo arrived (Facebook has it, the customer may not),
 * `delivered` / `read` only from the customer's receipts, `failed` when it will never be sent.
 */
export const DeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sent'),
  Type.Literal('delivered'),
  Type.Literal('read'),
  Type.Literal('failed'),
]);
export type DeliveryStatus = Wire<typeof DeliveryStatus>;

/** What is known about one outbound message. */
export interface OutboundFacts {
  /** Facebook's message id, once the Send API answered or the echo arrived. */
  readonly mid: string | null;
  /** Facebook's send time from the echo; null when only the Send API answered (it gives none). */
  readonly sentAt: number | null;
  readonly requestedAt: number;
  /** The latest failed try; it no longer counts once the message has a mid. */
  readonly failure: { readonly permanent: boolean } | null;
}

/** Receipts are watermarks ("everything sent at or before"), sometimes naming mids. */
export interface Receipts {
  readonly deliveredWatermark: number;
  readonly readWatermark: number;
  readonly deliveredMids: ReadonlySet<string>;
}

export const NO_RECEIPTS: Receipts = {
  deliveredWatermark: 0,
  readWatermark: 0,
  deliveredMids: new Set(),
};

/**
 * The one rule, used by the decider, the transcript and the desktop. A message is compared by
 * Facebook's send time when the echo gave it, else by when it was requested: it cannot have left
 * before that. A receipt that overtook the confirmation still counts once the message is sent.
 */
export function deliveryStatus(message: OutboundFacts, receipts: Receipts): DeliveryStatus {
  if (message.mid === null) return message.failure?.permanent ? 'failed' : 'pending';
  const sentAt = message.sentAt ?? message.requestedAt;
  if (sentAt <= receipts.readWatermark) return 'read';
  if (sentAt <= receipts.deliveredWatermark || receipts.deliveredMids.has(message.mid))
    return 'delivered';
  return 'sent';
}
