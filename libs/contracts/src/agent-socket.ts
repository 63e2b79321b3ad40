import { Type, type TSchema } from '@sinclair/typebox';
import { Content, CustomerAttachment, SendContent } from './content';
import { DeliveryStatus } from './delivery-status';
import { CustomerChannel } from './desk';
import { SOCKET_ACK_CODES } from './error-codes';
import { EpochMs, Nullable, type Wire } from './schema';
import { AGENT_REACTIONS, type AgentReaction } from './reactions';
import { RenewRequest, SessionEndedPush } from './session';

const AGENT_REACTION_NAMES = Object.keys(AGENT_REACTIONS) as AgentReaction[];

/**
 * The `/agent` socket.io namespace (docs/socket-contract.md). Every server → client push carries
 * `position`, the causing event's place in the global log: the desktop merges live pushes and
 * `sync` answers by it.
 */
const positioned = { conversationId: Type.String(), position: Type.Number() };

export const Customer = Type.Object({
  kind: Type.String(),
  id: Type.String(),
  guest: Type.Boolean(),
  name: Nullable(Type.String()),
  pictureUrl: Nullable(Type.String()),
});
export type Customer = Wire<typeof Customer>;

export const MessageAuthor = Type.Union(
  (['customer', 'agent', 'automatic', 'page'] as const).map((a) => Type.Literal(a)),
);

export const MessagePush = Type.Object({
  ...positioned,
  author: MessageAuthor,
  kind: Type.Optional(Type.Literal('postback')),
  /** Facebook's mid for customer and page messages (a postback without one: `postback:<position>`); Pagedesk's id for agent and automatic ones. */
  messageId: Type.String(),
  clientMessageId: Type.Optional(Type.String()),
  agentId: Type.Optional(Type.String()),
  trigger: Type.Optional(Type.String()),
  text: Type.Optional(Nullable(Type.String())),
  payload: Type.Optional(Nullable(Type.String())),
  attachments: Type.Optional(Type.Array(CustomerAttachment)),
  quickReplyPayload: Type.Optional(Nullable(Type.String())),
  replyToMid: Type.Optional(Nullable(Type.String())),
  content: Type.Optional(Content),
  at: EpochMs,
});
export type MessagePush = Wire<typeof MessagePush>;

/** The status of each agent or automatic message the event changed, computed by `deliveryStatus`. */
export const MessageStatus = Type.Object({
  messageId: Type.String(),
  status: DeliveryStatus,
  failure: Nullable(Type.String()),
});
export type MessageStatus = Wire<typeof MessageStatus>;

export const DeliveryPush = Type.Object({
  ...positioned,
  /** What happened: a send confirmed or failed, a delivery or read receipt. */
  status: Type.Union(
    (['sent', 'delivered', 'read', 'failed'] as const).map((s) => Type.Literal(s)),
  ),
  messageId: Type.Optional(Type.String()),
  mid: Type.Optional(Type.String()),
  at: Type.Optional(EpochMs),
  reason: Type.Optional(Type.String()),
  permanent: Type.Optional(Type.Boolean()),
  retryAt: Type.Optional(Nullable(EpochMs)),
  watermark: Type.Optional(EpochMs),
  mids: Type.Optional(Nullable(Type.Array(Type.String()))),
  /** What each affected message now shows: the desktop displays these, it does not recompute them. */
  messages: Type.Array(MessageStatus),
});
export type DeliveryPush = Wire<typeof DeliveryPush>;

export const CustomerPush = Type.Object({
  ...positioned,
  customer: Type.Optional(
    Type.Object({ kind: Type.String(), id: Type.String(), guest: Type.Boolean() }),
  ),
  /** How the customer reaches the page now: told when a Chat Plugin guest logs in to Facebook. */
  channel: Type.Optional(CustomerChannel),
  name: Type.Optional(Nullable(Type.String())),
  pictureUrl: Type.Optional(Nullable(Type.String())),
  /** An e-mail or phone number the customer shared just now (the customer panel adds it). */
  contact: Type.Optional(
    Type.Object({ kind: Type.String(), value: Type.String(), sharedAt: EpochMs }),
  ),
  /** How the customer arrived, told when a referral arrives in the chat. */
  referral: Type.Optional(
    Type.Object({
      type: Type.String(),
      ref: Nullable(Type.String()),
      source: Nullable(Type.String()),
      adId: Nullable(Type.String()),
      refererUri: Nullable(Type.String()),
      at: EpochMs,
    }),
  ),
});
export type CustomerPush = Wire<typeof CustomerPush>;

export const END_REASONS = [
  'agent_closed',
  'expired',
  'customer_ended',
  'recipient_unavailable',
  'transferred',
  'requeued',
] as const;
export const EndReason = Type.Union(END_REASONS.map((r) => Type.Literal(r)));
export type EndReason = Wire<typeof EndReason>;

export const EndedPush = Type.Object({ ...positioned, reason: EndReason, at: EpochMs });
export type EndedPush = Wire<typeof EndedPush>;

/** Who handed the chat on and what they said, on the chat they handed to a colleague. */
export const TransferInfo = Type.Object({
  fromAgentId: Type.String(),
  fromName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: EpochMs,
});
export type TransferInfo = Wire<typeof TransferInfo>;

export const ChatDescription = Type.Object({
  conversationId: Type.String(),
  pageId: Type.String(),
  pageName: Nullable(Type.String()),
  queue: Nullable(Type.String()),
  queuedAt: Nullable(EpochMs),
  startedAt: Nullable(EpochMs),
  customer: Nullable(Customer),
  firstMessages: Type.Array(MessagePush),
  position: Type.Optional(Type.Number()),
  /** The latest transfer to an agent, if the chat came that way. */
  transfer: Type.Optional(Nullable(TransferInfo)),
});
export type ChatDescription = Wire<typeof ChatDescription>;

export const AssignedPush = Type.Composite([
  ChatDescription,
  Type.Object({
    agentId: Type.String(),
    assignedBy: Type.String(),
    previousAgentId: Nullable(Type.String()),
    position: Type.Number(),
  }),
]);
export type AssignedPush = Wire<typeof AssignedPush>;

/** A customer changed the text of their message `messageId`; the earlier text stays in the history. */
export const MessageEditedPush = Type.Object({
  ...positioned,
  messageId: Type.String(),
  text: Type.String(),
  editCount: Type.Number(),
  at: EpochMs,
});
export type MessageEditedPush = Wire<typeof MessageEditedPush>;

/**
 * A reaction to message `messageId` (Facebook's mid) changed: the customer's (to a page message),
 * or an agent's (to a customer message, recorded then sent: `reactionId`). `reaction: null` is a
 * reaction taken back.
 */
export const ReactionPush = Type.Object({
  ...positioned,
  messageId: Type.String(),
  by: Type.Union([Type.Literal('customer'), Type.Literal('agent')]),
  agentId: Type.Optional(Type.String()),
  reactionId: Type.Optional(Type.String()),
  reaction: Nullable(Type.String()),
  emoji: Nullable(Type.String()),
  at: EpochMs,
});
export type ReactionPush = Wire<typeof ReactionPush>;

/** How an agent's reaction fared with Facebook; a failure that will be retried is not `permanent`. */
export const ReactionStatusPush = Type.Object({
  ...positioned,
  reactionId: Type.String(),
  status: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
  reason: Type.Optional(Type.String()),
  permanent: Type.Optional(Type.Boolean()),
  at: EpochMs,
});
export type ReactionStatusPush = Wire<typeof ReactionStatusPush>;

/** How many customers wait in the agent's queues, told whenever it changes, even at capacity. */
export const WaitingPush = Type.Object({ waiting: Type.Number(), position: Type.Number() });
export type WaitingPush = Wire<typeof WaitingPush>;

export const RequestWithdrawnPush = Type.Object(positioned);

/** An internal note on the chat, by an agent or a supervisor; the customer never sees it. */
export const NotePush = Type.Object({
  ...positioned,
  noteId: Type.String(),
  authorId: Type.String(),
  authorName: Nullable(Type.String()),
  text: Type.String(),
  at: EpochMs,
});
export type NotePush = Wire<typeof NotePush>;

/** Server → client event names and their payloads. */
export const AgentPushes = {
  'chat:requested': ChatDescription,
  'chat:request_withdrawn': RequestWithdrawnPush,
  'chat:assigned': AssignedPush,
  'chat:message': MessagePush,
  'chat:delivery': DeliveryPush,
  'chat:customer_updated': CustomerPush,
  'chat:ended': EndedPush,
  'session:ended': SessionEndedPush,
  'chat:message_edited': MessageEditedPush,
  'chat:reaction': ReactionPush,
  'chat:reaction_status': ReactionStatusPush,
  'agent:waiting': WaitingPush,
  'chat:note': NotePush,
} as const;
export type AgentPushName = keyof typeof AgentPushes;

/**
 * The pushes to one socket are sent together, one `pushes` event per event-loop turn holding
 * them in order (docs/socket-contract.md, "Pushes arrive in batches"): a new chat offered to
 * 200 agents is then 200 frames, not one per push. `session:ended` is the one push sent alone.
 */
export const AGENT_PUSH_BATCH = 'pushes';
export type BatchedPushName = Exclude<AgentPushName, 'session:ended'>;
export interface BatchedPush {
  readonly name: BatchedPushName;
  readonly payload: object;
}
export const AgentPushBatch = Type.Array(
  Type.Union(
    Object.entries(AgentPushes)
      .filter(([name]) => name !== 'session:ended')
      .map(([name, payload]) => Type.Object({ name: Type.Literal(name), payload })),
  ),
  { minItems: 1 },
);

/** The pushes that make up a chat's history, live and in `sync`. */
export type ChatPush =
  | { readonly name: 'chat:message'; readonly payload: MessagePush }
  | { readonly name: 'chat:delivery'; readonly payload: DeliveryPush }
  | { readonly name: 'chat:customer_updated'; readonly payload: CustomerPush }
  | { readonly name: 'chat:ended'; readonly payload: EndedPush }
  | { readonly name: 'chat:message_edited'; readonly payload: MessageEditedPush }
  | { readonly name: 'chat:reaction'; readonly payload: ReactionPush }
  | { readonly name: 'chat:reaction_status'; readonly payload: ReactionStatusPush }
  | { readonly name: 'chat:note'; readonly payload: NotePush };
const historyPush = <N extends string, T extends TSchema>(name: N, payload: T) =>
  Type.Object({ name: Type.Literal(name), payload });
export const ChatPush = Type.Union([
  historyPush('chat:message', MessagePush),
  historyPush('chat:delivery', DeliveryPush),
  historyPush('chat:customer_updated', CustomerPush),
  historyPush('chat:ended', EndedPush),
  historyPush('chat:message_edited', MessageEditedPush),
  historyPush('chat:reaction', ReactionPush),
  historyPush('chat:reaction_status', ReactionStatusPush),
  historyPush('chat:note', NotePush),
]);

export const AgentStatus = Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]);

export const SyncResult = Type.Object({
  position: Type.Number(),
  status: AgentStatus,
  chats: Type.Array(
    Type.Composite([ChatDescription, Type.Object({ events: Type.Array(ChatPush) })]),
  ),
  offers: Type.Array(ChatDescription),
  /** Customers waiting in the agent's queues as of `position` (then `agent:waiting`). */
  waiting: Type.Number(),
});
export type SyncResult = Wire<typeof SyncResult>;

const conversationRef = { conversationId: Type.String() };

/** Client → server event names: what each sends and what its ack carries on success. */
export const AgentRequests = {
  'agent:status': {
    payload: Type.Object({ status: AgentStatus }),
    ack: Type.Object({ status: AgentStatus }),
  },
  'chat:accept': { payload: Type.Object(conversationRef), ack: Type.Object(conversationRef) },
  'chat:send': {
    payload: Type.Object({
      ...conversationRef,
      clientMessageId: Type.String({ minLength: 1, maxLength: 100 }),
      text: Type.Optional(Type.String()),
      content: Type.Optional(SendContent),
    }),
    ack: Type.Object({ ...conversationRef, messageId: Type.String() }),
  },
  'chat:typing': {
    payload: Type.Object({ ...conversationRef, on: Type.Boolean() }),
    ack: Type.Object({}),
  },
  'chat:close': {
    payload: Type.Object({
      ...conversationRef,
      /** Ids from `GET /api/wrap-up-tags`, up to 10, each once. */
      wrapUpTags: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
    }),
    ack: Type.Object(conversationRef),
  },
  'chat:transfer': {
    payload: Type.Object({
      ...conversationRef,
      toAgentId: Type.Optional(Type.String()),
      toQueueId: Type.Optional(Type.String()),
      /** For the receiving colleague, up to 1000 characters; never sent to the customer. */
      note: Type.Optional(Type.String()),
    }),
    ack: Type.Object(conversationRef),
  },
  sync: { payload: Type.Object({}), ack: SyncResult },
  /** `messageId`: the customer message's mid; `reaction: null` takes the agent's reaction back. */
  'chat:react': {
    payload: Type.Object({
      ...conversationRef,
      messageId: Type.String({ minLength: 1, maxLength: 300 }),
      reaction: Nullable(Type.Union(AGENT_REACTION_NAMES.map((r) => Type.Literal(r)))),
    }),
    ack: Type.Object({ ...conversationRef, reactionId: Nullable(Type.String()) }),
  },
  'chat:note': {
    payload: Type.Object({
      ...conversationRef,
      /** The desk's own id for the note: a resend after a lost ack records it once. */
      noteId: Type.String({ minLength: 1, maxLength: 100 }),
      text: Type.String({ minLength: 1, maxLength: 2000 }),
    }),
    ack: Type.Object({ ...conversationRef, noteId: Type.String() }),
  },
  'auth:renew': RenewRequest,
} as const;
export type AgentRequestName = keyof typeof AgentRequests;

/** Every client → server event is answered once: `{ ok: true, ...fields }` or `{ ok: false, error }`. */
export const AckFailure = Type.Object({
  ok: Type.Literal(false),
  error: Type.Object({
    code: Type.Union(SOCKET_ACK_CODES.map((code) => Type.Literal(code))),
    message: Type.String(),
  }),
});
export type Ack<T = Record<string, unknown>> =
  ({ readonly ok: true } & T) | Wire<typeof AckFailure>;
