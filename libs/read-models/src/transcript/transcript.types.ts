import type { DeliveryStatus } from '@pagedesk/contracts';

/** `note`: written for colleagues (an internal note), never sent to the customer. */
export type TranscriptEntryKind = 'customer' | 'agent' | 'page' | 'automatic' | 'system' | 'note';

/** Messages first, then the system moments between them. */
export type TranscriptEntryType =
  | 'message'
  | 'postback'
  /** The customer's answer to the satisfaction survey (details: scale, choice). */
  | 'csat_answer'
  | 'referral'
  | 'queued'
  | 'assigned'
  | 'transferred'
  | 'requeued'
  | 'contact_shared'
  | 'closed'
  | 'customer_ended'
  | 'expired'
  | 'unreachable'
  | 'agent_reacted'
  | 'note'
  | 'wrapped_up';

/** One rule and one type for every view of it (libs/contracts/src/delivery-status.ts). */
export type { DeliveryStatus } from '@pagedesk/contracts';

export interface TranscriptEntry {
  readonly id: string;
  /** Epoch ms: Facebook's time for messages, Pagedesk's for system moments. */
  readonly at: number;
  readonly kind: TranscriptEntryKind;
  readonly type: TranscriptEntryType;
  readonly agent: { readonly id: string; readonly name: string } | null;
  readonly mid: string | null;
  /** As first sent; later versions are in `edits`. */
  readonly text: string | null;
  /** Attachments, quick-reply payload, postback, referral, or what a system moment was about. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Agent messages only. */
  readonly delivery: DeliveryStatus | null;
  readonly failure: string | null;
  readonly edits: readonly { readonly text: string; readonly editedAt: number }[];
  readonly reaction: {
    readonly reaction: string;
    readonly emoji: string | null;
    readonly at: number;
  } | null;
}

export interface Transcript {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly pageId: string;
  readonly customerName: string | null;
  readonly entries: readonly TranscriptEntry[];
}
