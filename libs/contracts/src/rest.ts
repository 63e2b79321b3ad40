import { Type } from '@sinclair/typebox';
import { DeliveryStatus } from './delivery-status';
import { AgentFigures, ConversationStatus, QueueFigures } from './supervisor-socket';
import { Closed, EpochMs, Nullable, type Wire } from './schema';

/** REST response bodies (docs/projections.md, docs/tenants.md); OpenAPI at /api/docs is built from these. */
const IsoTime = Type.String({ description: 'ISO 8601 time' });

export const ConversationSummary = Closed({
  conversationId: Type.String(),
  tenantId: Type.String(),
  pageId: Type.String(),
  channel: Type.String(),
  queue: Nullable(Type.String()),
  customer: Closed({
    kind: Type.String(),
    id: Type.String(),
    name: Nullable(Type.String()),
    guest: Type.Boolean(),
    contacts: Type.Array(Closed({ kind: Type.String(), value: Type.String() })),
  }),
  status: ConversationStatus,
  agentId: Nullable(Type.String({ description: 'the current (or last) agent' })),
  agentIds: Type.Array(Type.String(), { description: 'every agent who held it, in order' }),
  startedAt: EpochMs,
  firstAssignedAt: Nullable(EpochMs),
  closedAt: Nullable(EpochMs),
  waitMs: Nullable(Type.Number({ description: 'from start to the first assignment' })),
  handleMs: Nullable(Type.Number({ description: 'from the first assignment to the end' })),
  wrapUpTags: Type.Array(Closed({ tagId: Type.String(), label: Type.String() }), {
    description: 'what the closing agent tagged it with, labels as they read then',
  }),
  messages: Closed({
    customer: Type.Number(),
    agent: Type.Number(),
    automatic: Type.Number(),
    page: Type.Number(),
  }),
});
export type ConversationSummary = Wire<typeof ConversationSummary>;

export const ConversationPage = Closed(
  {
    items: Type.Array(ConversationSummary),
    nextCursor: Nullable(Type.String({ description: 'pass as `cursor` for the next page' })),
  },
  { description: 'newest first' },
);
export type ConversationPage = Wire<typeof ConversationPage>;

export const TranscriptEntryKind = Type.Union(
  (['customer', 'agent', 'page', 'automatic', 'system', 'note'] as const).map((k) =>
    Type.Literal(k),
  ),
);
export const TRANSCRIPT_ENTRY_TYPES = [
  'message',
  'postback',
  'csat_answer',
  'referral',
  'queued',
  'assigned',
  'transferred',
  'requeued',
  'contact_shared',
  'closed',
  'customer_ended',
  'expired',
  'unreachable',
  'agent_reacted',
  'note',
  'wrapped_up',
] as const;
export const TranscriptEntryType = Type.Union(TRANSCRIPT_ENTRY_TYPES.map((t) => Type.Literal(t)));

export const TranscriptEntry = Closed({
  id: Type.String(),
  at: Type.Number({
    description: "epoch ms: Facebook's time for messages, Pagedesk's for system moments",
  }),
  kind: TranscriptEntryKind,
  type: TranscriptEntryType,
  agent: Nullable(Closed({ id: Type.String(), name: Type.String() })),
  mid: Nullable(Type.String()),
  text: Nullable(Type.String({ description: 'as first sent; later versions are in `edits`' })),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'attachments, quick-reply payload, postback, referral, or what a system moment was about',
  }),
  delivery: Nullable(DeliveryStatus),
  failure: Nullable(Type.String()),
  edits: Type.Array(Closed({ text: Type.String(), editedAt: EpochMs })),
  reaction: Nullable(
    Closed({ reaction: Type.String(), emoji: Nullable(Type.String()), at: EpochMs }),
  ),
});
export type TranscriptEntry = Wire<typeof TranscriptEntry>;

export const Transcript = Closed(
  {
    conversationId: Type.String(),
    tenantId: Type.String(),
    pageId: Type.String(),
    customerName: Nullable(Type.String()),
    entries: Type.Array(TranscriptEntry),
  },
  { description: 'every message and system moment in order' },
);
export type Transcript = Wire<typeof Transcript>;

export const AgentLoadView = Closed({
  ...AgentFigures.properties,
  displayName: Type.String(),
  queues: Type.Array(Type.String()),
});
export type AgentLoadView = Wire<typeof AgentLoadView>;

export const RoutingMode = Type.Union([Type.Literal('offer'), Type.Literal('auto')]);

export const QueueView = Closed({
  queueId: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  routingMode: RoutingMode,
  members: Type.Array(Type.String()),
  offerGroupSize: Nullable(
    Type.Integer({
      minimum: 1,
      maximum: 50,
      description: 'offer mode: agents each waiting chat is shown to at once; null: every member',
    }),
  ),
  offerRingSeconds: Type.Integer({
    minimum: 1,
    description: 'an offer group widens by offerGroupSize agents after each of these unaccepted',
  }),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  updatedBy: Type.String(),
  live: Type.Optional(QueueFigures),
});
export type QueueView = Wire<typeof QueueView>;

export const PageMessages = Closed({
  opening: Nullable(Type.String({ description: 'sent when the conversation starts' })),
  closing: Nullable(Type.String({ description: 'sent when an agent closes the conversation' })),
  offline: Nullable(Type.String({ description: 'sent outside working hours' })),
  error: Nullable(Type.String({ description: 'sent when Pagedesk cannot handle a message' })),
});

const TimeRange = Closed({ start: Type.String(), end: Type.String() });
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export const WorkingHours = Closed({
  timeZone: Type.String({ description: 'IANA time zone' }),
  weekly: Closed(
    Object.fromEntries(WEEKDAYS.map((day) => [day, Type.Optional(Type.Array(TimeRange))])),
  ),
  closedDates: Type.Array(Type.String({ description: 'YYYY-MM-DD' })),
});

export const PageView = Closed({
  pageId: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  username: Nullable(Type.String()),
  appId: Type.String(),
  verifyToken: Type.String(),
  queueId: Type.String(),
  routingMode: RoutingMode,
  messages: PageMessages,
  workingHours: Nullable(WorkingHours),
  queueOutsideHours: Type.Boolean(),
  humanAgentTagging: Type.Boolean(),
  csatSurvey: Nullable(
    Closed(
      {
        question: Type.String(),
        scale: Type.Union([Type.Literal('five_point'), Type.Literal('thumbs')]),
      },
      { description: 'satisfaction survey after an agent closes; null: none' },
    ),
  ),
  accessToken: Nullable(Type.String({ description: 'masked' })),
  appSecret: Nullable(Type.String({ description: 'masked' })),
  health: Closed({
    tokenStatus: Type.Union(
      (['valid', 'unchecked', 'needs_new_token'] as const).map((s) => Type.Literal(s)),
    ),
    tokenValid: Type.Boolean(),
    tokenCheckedAt: Nullable(IsoTime),
    tokenProblem: Nullable(Type.String()),
    facebookName: Nullable(Type.String()),
    subscribedFields: Nullable(Type.Array(Type.String())),
    subscribedAt: Nullable(IsoTime),
    lastWebhookAt: Nullable(Type.Number()),
    webhookDeliveries: Type.Number(),
  }),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  updatedBy: Type.String(),
});
export type PageView = Wire<typeof PageView>;

/** Facebook's refusal, as the Graph API gave it (never the token). */
export const FacebookFailure = Closed({
  ok: Type.Literal(false),
  error: Closed({
    code: Nullable(Type.Number()),
    subcode: Nullable(Type.Number()),
    message: Type.String(),
    fbtraceId: Nullable(Type.String()),
  }),
});

const outcome = <T extends Parameters<typeof Closed>[0]>(success: T) =>
  Type.Union([Closed({ ok: Type.Literal(true), ...success }), FacebookFailure]);

export const TestConnectionOutcome = outcome({
  page: Closed({ id: Type.String(), name: Type.String() }),
});
export const SubscribeOutcome = outcome({ fields: Type.Array(Type.String()) });
export const SetMessengerProfileOutcome = outcome({});

export const MessengerProfileView = Closed({
  profile: Nullable(Type.Record(Type.String(), Type.Unknown())),
  setAt: Nullable(Type.String()),
  setBy: Nullable(Type.String()),
});

/** Facebook's subscription handshake: the challenge, echoed as text. */
export const WebhookChallenge = Type.String({
  description: '`hub.challenge`, echoed (text/plain)',
});
/** A webhook delivery is acknowledged only once it is durably stored. */
export const WebhookAcknowledgement = Type.Literal('EVENT_RECEIVED', {
  description: 'the delivery is stored; Facebook will not redeliver it',
});

export const TenantView = Closed({
  tenantId: Type.String(),
  name: Type.String(),
  createdAt: IsoTime,
});
export type TenantView = Wire<typeof TenantView>;

export const CreatedTenant = Closed({
  ...TenantView.properties,
  adminUserId: Type.String({ description: "the tenant's first admin" }),
});
export type CreatedTenant = Wire<typeof CreatedTenant>;

export const UserRole = Type.Union(
  (['platform_admin', 'admin', 'supervisor', 'agent', 'qc'] as const).map((r) => Type.Literal(r)),
);

/** `POST /api/auth/login` and `/api/auth/refresh` (docs/auth.md): a rotating pair of tokens. */
export const TokenPair = Closed({
  accessToken: Type.String({ description: 'HS256 JWT; send as `Authorization: Bearer <token>`' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Number({ description: 'seconds until the access token expires; refresh before' }),
  refreshToken: Type.String({
    description: 'opaque; POST it to /api/auth/refresh for the next pair (rotating)',
  }),
  refreshExpiresIn: Type.Number({ description: 'seconds the refresh token lasts unused' }),
});
export type TokenPair = Wire<typeof TokenPair>;

/** `GET /api/auth/me`: who the access token is for. */
export const Me = Closed({
  userId: Type.String(),
  tenantId: Nullable(Type.String()),
  role: UserRole,
  displayName: Type.String(),
});
export type Me = Wire<typeof Me>;

export const UserView = Closed({
  userId: Type.String(),
  tenantId: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: UserRole,
  maxChats: Type.Number({ description: 'simultaneous chats this agent may hold' }),
  disabled: Type.Boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  updatedBy: Type.String({ description: 'user id of the last one to change it, or `system`' }),
});
export type UserView = Wire<typeof UserView>;

/** One change of a configuration stream (user, queue, page), as auditors read it. */
export const AuditEntry = Closed({
  type: Type.String({ examples: ['UserUpdated'] }),
  at: IsoTime,
  actor: Type.String({ description: 'user id of whoever made the change, or `system`' }),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the change; secrets and hashes appear as `[changed]`',
  }),
});
export type AuditEntry = Wire<typeof AuditEntry>;

/** One event of a conversation's stream, as auditors and the supervisors' "why this state" read it. */
export const HistoryLine = Closed({
  position: Type.Number({ description: 'place in the global log' }),
  revision: Type.Number({ description: 'place in the conversation stream' }),
  eventId: Type.String(),
  recordedAt: IsoTime,
  type: Type.String({ examples: ['AgentAssigned'] }),
  actor: Type.String({ description: 'user id of whoever caused it, or `system`' }),
  correlationId: Type.String(),
  causationId: Type.String(),
  data: Type.Unknown({ description: 'the event as recorded' }),
});
export type HistoryLine = Wire<typeof HistoryLine>;

export const ConversationHistory = Closed(
  { conversationId: Type.String(), events: Type.Array(HistoryLine) },
  { description: 'every event of the conversation, in order' },
);
export type ConversationHistory = Wire<typeof ConversationHistory>;

/** A supervisor's message, recorded in the outbox; its delivery follows on the transcript. */
export const SupervisorMessageSent = Closed({ messageId: Type.String() });
export type SupervisorMessageSent = Wire<typeof SupervisorMessageSent>;
