import { Type } from '@sinclair/typebox';
import { Closed, EpochMs, Nullable, type Wire } from './schema';

/**
 * What an agent may read about colleagues and queues of their own tenant to
 * hand a chat on (`GET /api/desk/transfer-targets`): names, status and load,
 * nothing else (no e-mail, no role, no conversations).
 */
export const TransferAgent = Closed({
  agentId: Type.String(),
  name: Type.String(),
  status: Type.Union(
    (['ready', 'not_ready', 'away', 'offline'] as const).map((s) => Type.Literal(s)),
  ),
  load: Type.Integer({ minimum: 0 }),
  capacity: Type.Integer({ minimum: 0 }),
});
export type TransferAgent = Wire<typeof TransferAgent>;

export const TransferQueue = Closed({
  queueId: Type.String(),
  name: Type.String(),
  waiting: Type.Integer({ minimum: 0, description: 'customers waiting in it now' }),
});
export type TransferQueue = Wire<typeof TransferQueue>;

export const TransferTargets = Closed({
  /** Active agents of the tenant except the caller, by name. */
  agents: Type.Array(TransferAgent),
  queues: Type.Array(TransferQueue),
});
export type TransferTargets = Wire<typeof TransferTargets>;

/** `POST /api/conversations/{conversationId}/notes`. */
export const NoteAdded = Closed({ conversationId: Type.String(), noteId: Type.String() });
export type NoteAdded = Wire<typeof NoteAdded>;

/** `GET` / `PUT /api/wrap-up-tags`: the tags an agent may choose when closing a chat. */
export const WrapUpTag = Closed({ tagId: Type.String(), label: Type.String() });
export const WrapUpTagList = Closed({ tags: Type.Array(WrapUpTag) });
export type WrapUpTagList = Wire<typeof WrapUpTagList>;

export const CUSTOMER_CHANNELS = [
  'messenger',
  'chat_plugin_guest',
  'chat_plugin_upgraded',
] as const;
export const CustomerChannel = Type.Union(CUSTOMER_CHANNELS.map((c) => Type.Literal(c)));

/**
 * `GET /api/desk/conversations/{conversationId}/customer`: who the customer of
 * a conversation is, as the desk's customer panel shows them.
 */
export const CustomerContextView = Closed({
  conversationId: Type.String(),
  pageId: Type.String(),
  pageName: Nullable(Type.String()),
  customer: Closed({
    kind: Type.String({ description: 'psid, guest or user_ref' }),
    id: Type.String(),
    name: Nullable(Type.String()),
    pictureUrl: Nullable(Type.String()),
  }),
  channel: CustomerChannel,
  contacts: Type.Array(
    Closed({
      kind: Type.String({ description: 'email or phone' }),
      value: Type.String(),
      sharedAt: EpochMs,
      conversationId: Type.String(),
    }),
    { description: 'what the customer shared, in any of their conversations, newest first' },
  ),
  referrals: Type.Array(
    Closed({
      type: Type.String(),
      ref: Nullable(Type.String()),
      source: Nullable(
        Type.String({ description: 'SHORTLINK (m.me), ADS, CUSTOMER_CHAT_PLUGIN, …' }),
      ),
      adId: Nullable(Type.String()),
      refererUri: Nullable(Type.String()),
      at: EpochMs,
      conversationId: Type.String(),
    }),
    { description: 'how the customer arrived, newest first' },
  ),
  previousConversations: Type.Array(
    Closed({
      conversationId: Type.String(),
      channel: CustomerChannel,
      startedAt: EpochMs,
      endedAt: Nullable(EpochMs),
    }),
    { description: 'their conversations before this one, newest first' },
  ),
});
export type CustomerContextView = Wire<typeof CustomerContextView>;

/** `POST /api/conversations/{conversationId}/attachments`: recorded, the outbox sends it next. */
export const AttachmentAccepted = Closed({
  conversationId: Type.String(),
  /** The agent message's id, as `chat:send` would answer; the same for a retried upload. */
  messageId: Type.String(),
  /** sha256 of the bytes, the file's name in the blob store. */
  blob: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
export type AttachmentAccepted = Wire<typeof AttachmentAccepted>;

/** `GET /api/desk/upload-limits`: what the desk checks before an upload (the server checks again). */
export const UploadLimits = Closed({
  maxBytes: Type.Integer({ minimum: 1 }),
  /** Accepted media types by Messenger attachment type. */
  types: Closed({
    image: Type.Array(Type.String()),
    video: Type.Array(Type.String()),
    audio: Type.Array(Type.String()),
    file: Type.Array(Type.String()),
  }),
});
export type UploadLimits = Wire<typeof UploadLimits>;
