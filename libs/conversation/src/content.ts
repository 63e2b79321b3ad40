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

export type AgentMessageContent = {
  readonly text: string | null;
  readonly attachments: readonly MessageAttachment[];
};
