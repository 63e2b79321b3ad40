import type { CustomerIdentity, MessageAttachment, Referral } from '@pagedesk/conversation';

/**
 * One webhook update, normalised. `customer` is the person on the other side
 * whichever way the message went (for echoes Facebook puts them in
 * `recipient`). Only referrals say whether a sender is a guest; other events
 * from a guest carry the guest id as a plain `psid`, so route on the id.
 */
type Common = {
  readonly pageId: string;
  readonly customer: CustomerIdentity;
  /** Epoch ms; Facebook's seconds are converted, a missing one is taken from `entry.time`. */
  readonly timestamp: number;
  /** Arrived under `entry[].standby[]`: another app owns the thread (handover protocol). */
  readonly standby: boolean;
};

export type MessageEvent = Common & {
  readonly kind: 'message';
  readonly mid: string;
  readonly text: string | null;
  readonly attachments: readonly MessageAttachment[];
  readonly quickReplyPayload: string | null;
  readonly replyToMid: string | null;
  readonly fromChatPlugin: boolean;
  /** An ad or link that led to this message, when Facebook attaches one. */
  readonly referral: Referral | null;
};

export type EchoEvent = Common & {
  readonly kind: 'echo';
  readonly mid: string;
  readonly appId: string | null;
  readonly metadata: string | null;
  readonly text: string | null;
  readonly attachments: readonly MessageAttachment[];
};

export type DeliveryEvent = Common & {
  readonly kind: 'delivery';
  readonly watermark: number;
  readonly mids: readonly string[] | null;
};

export type ReadEvent = Common & { readonly kind: 'read'; readonly watermark: number };

export type PostbackEvent = Common & {
  readonly kind: 'postback';
  readonly mid: string | null;
  readonly title: string;
  /** Withheld under standby. */
  readonly payload: string | null;
  readonly referral: Referral | null;
};

export type ReferralEvent = Common & {
  readonly kind: 'referral';
  /** `OPEN_THREAD`, `END_CHAT`, `GUEST_UPGRADE` (whose ref is the new PSID), or an ads/link type. */
  readonly referral: Referral;
  readonly isGuestUser: boolean;
};

export type EditEvent = Common & {
  readonly kind: 'edit';
  readonly mid: string;
  readonly text: string;
  readonly editCount: number;
};

export type ReactionEvent = Common & {
  readonly kind: 'reaction';
  readonly action: 'react' | 'unreact';
  readonly mid: string;
  readonly reaction: string | null;
  readonly emoji: string | null;
};

export type OptinEvent = Common & {
  readonly kind: 'optin';
  readonly optinType: string | null;
  readonly payload: string | null;
  readonly notificationToken: string | null;
  readonly tokenExpiresAt: number | null;
};

/** Kept raw so nothing Facebook sent is lost; `pageId` is known whenever the entry was readable. */
export type UnknownEvent = {
  readonly kind: 'unknown';
  readonly pageId: string;
  readonly timestamp: number | null;
  readonly standby: boolean;
  readonly reason: string;
  readonly raw: unknown;
};

export type MessengerEvent =
  | MessageEvent
  | EchoEvent
  | DeliveryEvent
  | ReadEvent
  | PostbackEvent
  | ReferralEvent
  | EditEvent
  | ReactionEvent
  | OptinEvent
  | UnknownEvent;

export type MessengerEventKind = MessengerEvent['kind'];

export type ParsedDelivery = {
  /** Every page in the delivery with Facebook's batch time, to notice pages that fell silent. */
  readonly entries: readonly { readonly pageId: string; readonly time: number | null }[];
  /** Sorted by timestamp (stable), since Facebook batches are not guaranteed to be in order. */
  readonly events: readonly MessengerEvent[];
};
