/**
 * Message payloads as the domain stores them. Every field is present (null when
 * absent) because event data must survive JSON unchanged: `undefined` does not.
 */
export type AttachmentType =
  | 'image'
  | 'video'
  | 'audio'
  | 'file'
  | 'location'
  | 'fallback'
  | 'sticker'
  | 'template'
  | 'unsupported';

export type MessageAttachment = {
  readonly type: AttachmentType;
  readonly url: string | null;
  readonly title: string | null;
  readonly stickerId: string | null;
  readonly coordinates: { readonly lat: number; readonly long: number } | null;
};

/** How the customer arrived: a Chat Plugin `ref`, an m.me short link, an ad, … */
export type Referral = {
  readonly type: string;
  readonly ref: string | null;
  readonly source: string | null;
  readonly refererUri: string | null;
  readonly adId: string | null;
};

/** Attachments Pagedesk sends by URL; Facebook fetches the file itself. */
export type OutboundAttachmentType = 'image' | 'video' | 'audio' | 'file';

/**
 * A file an agent uploaded, kept in Pagedesk's blob store by its sha256 (`blob`, 64 hex) and
 * sent through Facebook's Attachment Upload API, whose `attachment_id` the outbox records
 * (AgentAttachmentUploaded) before the Send API call.
 */
export type UploadedFile = {
  readonly type: OutboundAttachmentType;
  readonly blob: string;
  readonly name: string;
  readonly mimeType: string;
  readonly size: number;
};

/**
 * Facebook fills `user_email` / `user_phone_number` replies with the address
 * or number from the customer's profile: the customer confirms with one tap.
 */
export type QuickReply =
  | {
      readonly type: 'text';
      readonly title: string;
      readonly payload: string;
      readonly imageUrl: string | null;
    }
  | { readonly type: 'user_email' }
  | { readonly type: 'user_phone_number' };

export type MessageButton =
  | { readonly type: 'web_url'; readonly title: string; readonly url: string }
  | { readonly type: 'postback'; readonly title: string; readonly payload: string }
  /** `payload` is the number to call, in E.164 form. */
  | { readonly type: 'phone_number'; readonly title: string; readonly payload: string };

export type CarouselElement = {
  readonly title: string;
  readonly subtitle: string | null;
  readonly imageUrl: string | null;
  /** Opened when the customer taps the card itself rather than a button. */
  readonly defaultActionUrl: string | null;
  readonly buttons: readonly MessageButton[];
};

/**
 * What an agent or an automatic message says, one Messenger message each.
 * Limits are checked at the edge (libs/outbound); the domain stores what passed.
 * Quick replies ride on any kind, as Messenger allows.
 */
export type AgentMessageContent =
  | { readonly kind: 'text'; readonly text: string; readonly quickReplies: readonly QuickReply[] }
  | {
      readonly kind: 'attachment';
      readonly attachment: { readonly type: OutboundAttachmentType; readonly url: string };
      readonly quickReplies: readonly QuickReply[];
    }
  | {
      readonly kind: 'upload';
      readonly upload: UploadedFile;
      readonly quickReplies: readonly QuickReply[];
    }
  | {
      readonly kind: 'buttons';
      readonly text: string;
      readonly buttons: readonly MessageButton[];
      readonly quickReplies: readonly QuickReply[];
    }
  | {
      readonly kind: 'carousel';
      readonly elements: readonly CarouselElement[];
      readonly quickReplies: readonly QuickReply[];
    };

export type AgentMessageKind = AgentMessageContent['kind'];

/**
 * How the Send API is told why we may write: a reply inside Messenger's 24-hour
 * window, or a human agent's reply inside the 7-day window of the HUMAN_AGENT tag.
 */
export type MessagingPolicy =
  | { readonly messagingType: 'RESPONSE' }
  | { readonly messagingType: 'MESSAGE_TAG'; readonly tag: 'HUMAN_AGENT' };

/**
 * Sent by Pagedesk on the page's behalf, configured per page. `offline` tells a
 * customer who wrote outside the page's working hours that nobody is there;
 * `csat_survey` is the satisfaction survey after an agent's close (csat.ts).
 */
export type AutomaticTrigger = 'opening' | 'closing' | 'error' | 'offline' | 'csat_survey';
