import { Type } from '@sinclair/typebox';
import { Nullable, type Wire } from './schema';

/**
 * Message content as agents send it and as pushes carry it (docs/outbound.md). Fields the server
 * fills in (null when absent) may be left out by a sender.
 */
export const QuickReply = Type.Union([
  Type.Object({
    type: Type.Literal('text'),
    title: Type.String(),
    payload: Type.String(),
    imageUrl: Type.Optional(Nullable(Type.String())),
  }),
  Type.Object({ type: Type.Literal('user_email') }),
  Type.Object({ type: Type.Literal('user_phone_number') }),
]);
export type QuickReply = Wire<typeof QuickReply>;

export const Button = Type.Union([
  Type.Object({ type: Type.Literal('web_url'), title: Type.String(), url: Type.String() }),
  Type.Object({
    type: Type.Union([Type.Literal('postback'), Type.Literal('phone_number')]),
    title: Type.String(),
    payload: Type.String(),
  }),
]);
export type Button = Wire<typeof Button>;

export const CarouselCard = Type.Object({
  title: Type.String(),
  subtitle: Type.Optional(Nullable(Type.String())),
  imageUrl: Type.Optional(Nullable(Type.String())),
  defaultActionUrl: Type.Optional(Nullable(Type.String())),
  buttons: Type.Array(Button),
});
export type CarouselCard = Wire<typeof CarouselCard>;

const quickReplies = Type.Optional(Type.Array(QuickReply));

const OutboundAttachmentType = Type.Union(
  (['image', 'video', 'audio', 'file'] as const).map((t) => Type.Literal(t)),
);

/** What `chat:send` may carry; an uploaded file arrives through REST only (docs/blob-store.md). */
export const SendContent = Type.Union([
  Type.Object({ kind: Type.Literal('text'), text: Type.String(), quickReplies }),
  Type.Object({
    kind: Type.Literal('attachment'),
    attachment: Type.Object({
      type: OutboundAttachmentType,
      url: Type.String(),
    }),
    quickReplies,
  }),
  Type.Object({
    kind: Type.Literal('buttons'),
    text: Type.String(),
    buttons: Type.Array(Button),
    quickReplies,
  }),
  Type.Object({ kind: Type.Literal('carousel'), elements: Type.Array(CarouselCard), quickReplies }),
]);
export type SendContent = Wire<typeof SendContent>;

/** A file the agent uploaded (`POST /api/conversations/{id}/attachments`), by its sha256. */
export const UploadedFile = Type.Object({
  type: OutboundAttachmentType,
  blob: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  name: Type.String(),
  mimeType: Type.String(),
  size: Type.Integer({ minimum: 1 }),
});
export type UploadedFile = Wire<typeof UploadedFile>;

/** Message content as pushes carry it: what can be sent, and uploaded files. */
export const Content = Type.Union([
  ...SendContent.anyOf,
  Type.Object({ kind: Type.Literal('upload'), upload: UploadedFile, quickReplies }),
]);
export type Content = Wire<typeof Content>;

/** What a customer (or the page, in Facebook's inbox) attached: `url` is null for a location. */
export const CustomerAttachment = Type.Object({
  type: Type.String(),
  url: Nullable(Type.String()),
  title: Type.Optional(Nullable(Type.String())),
  stickerId: Type.Optional(Nullable(Type.String())),
  coordinates: Type.Optional(Nullable(Type.Object({ lat: Type.Number(), long: Type.Number() }))),
});
export type CustomerAttachment = Wire<typeof CustomerAttachment>;
