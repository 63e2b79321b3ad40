import type { AgentReaction } from './agent-reactions';
import type {
  AgentMessageContent,
  AutomaticTrigger,
  MessageAttachment,
  MessagingPolicy,
  Referral,
} from './content';
import type { CsatScale } from './csat';
import type { Channel, CustomerIdentity } from './identity';
import type { Message } from './decider';
import type { TransferTarget, WrapUpTagChoice } from './commands';

/**
 * Every `...At` field is epoch milliseconds. Customer-side times are Facebook's
 * `timestamp`; Pagedesk-side times come from the command's `metadata.now`.
 * Metadata (correlation, actor, recordedAt) is added by the command handler.
 */
type ConversationEventOf<Type extends string, Data extends object> = Message<
  Type,
  Data,
  Record<string, unknown>
>;

export type ConversationStarted = ConversationEventOf<
  'ConversationStarted',
  {
    conversationId: string;
    tenantId: string;
    pageId: string;
    customer: CustomerIdentity;
    channel: Channel;
    referral: Referral | null;
    startedAt: number;
  }
>;

export type CustomerMessageReceived = ConversationEventOf<
  'CustomerMessageReceived',
  {
    mid: string;
    text: string | null;
    attachments: readonly MessageAttachment[];
    quickReplyPayload: string | null;
    replyToMid: string | null;
    sentAt: number;
  }
>;

export type PostbackReceived = ConversationEventOf<
  'PostbackReceived',
  {
    mid: string | null;
    title: string;
    payload: string | null;
    referral: Referral | null;
    /** Delivered under `standby[]`: another app owned the thread, so its payload is withheld. */
    standby: boolean;
    sentAt: number;
  }
>;

export type ReferralReceived = ConversationEventOf<
  'ReferralReceived',
  { referral: Referral; sentAt: number }
>;

export type GuestUpgraded = ConversationEventOf<
  'GuestUpgraded',
  { guestId: string; psid: string; upgradedAt: number }
>;

/** A Chat Plugin `user_ref` customer replied, so Facebook now gives us their PSID. */
export type UserRefResolved = ConversationEventOf<
  'UserRefResolved',
  { userRef: string; psid: string; resolvedAt: number }
>;

export type CustomerProfileFetched = ConversationEventOf<
  'CustomerProfileFetched',
  {
    firstName: string | null;
    lastName: string | null;
    pictureUrl: string | null;
    fetchedAt: number;
  }
>;

export type CustomerProfileUnavailable = ConversationEventOf<
  'CustomerProfileUnavailable',
  { reason: string; checkedAt: number }
>;

export type ConversationQueued = ConversationEventOf<
  'ConversationQueued',
  { queue: string | null; queuedAt: number }
>;

export type AgentAssigned = ConversationEventOf<
  'AgentAssigned',
  {
    agentId: string;
    previousAgentId: string | null;
    /** The agent themself when accepted from the queue; a supervisor or router otherwise. */
    assignedBy: string;
    assignedAt: number;
  }
>;

/** The outbox: recorded first, then delivered by the sender, which records the outcome below. */
export type AgentMessageRequested = ConversationEventOf<
  'AgentMessageRequested',
  {
    messageId: string;
    clientMessageId: string;
    agentId: string;
    content: AgentMessageContent;
    /** Decided when the agent sent it, by the window rule in force then. */
    messaging: MessagingPolicy;
    requestedAt: number;
  }
>;

export type AutomaticMessageRequested = ConversationEventOf<
  'AutomaticMessageRequested',
  {
    messageId: string;
    trigger: AutomaticTrigger;
    content: AgentMessageContent;
    messaging: MessagingPolicy;
    requestedAt: number;
  }
>;

export type AgentMessageSent = ConversationEventOf<
  'AgentMessageSent',
  {
    messageId: string;
    mid: string;
    /** Facebook's time when known from the echo; null from a Send API response (it has none). */
    sentAt: number | null;
    confirmedAt: number;
  }
>;

/**
 * Facebook's Attachment Upload API took an uploaded file: the Send API refers to it by
 * `attachmentId`, so a retry after a crash sends this id rather than uploading again.
 */
export type AgentAttachmentUploaded = ConversationEventOf<
  'AgentAttachmentUploaded',
  { messageId: string; attachmentId: string; uploadedAt: number }
>;

/** Every try that failed, transient ones included: retries resume from here after a restart. */
export type AgentMessageFailed = ConversationEventOf<
  'AgentMessageFailed',
  {
    messageId: string;
    code: number | null;
    subcode: number | null;
    reason: string;
    permanent: boolean;
    attempt: number;
    retryAt: number | null;
    failedAt: number;
  }
>;

/** Facebook will not deliver to this person any more (blocked the page, deactivated, …). */
export type RecipientUnavailable = ConversationEventOf<
  'RecipientUnavailable',
  { messageId: string; endedAt: number }
>;

/** Sent as the Page but not by Pagedesk: the Page inbox, another app, an automation. */
export type PageMessageEchoed = ConversationEventOf<
  'PageMessageEchoed',
  {
    mid: string;
    appId: string | null;
    text: string | null;
    attachments: readonly MessageAttachment[];
    metadata: string | null;
    sentAt: number;
  }
>;

/** The original text stays in CustomerMessageReceived: the transcript keeps both versions. */
export type CustomerMessageEdited = ConversationEventOf<
  'CustomerMessageEdited',
  { mid: string; newText: string; editCount: number; editedAt: number }
>;

export type ReactionSet = ConversationEventOf<
  'ReactionSet',
  { mid: string; reaction: string; emoji: string | null; reactedAt: number }
>;

export type ReactionRemoved = ConversationEventOf<
  'ReactionRemoved',
  { mid: string; reaction: string | null; reactedAt: number }
>;

export type DeliveryWatermarkAdvanced = ConversationEventOf<
  'DeliveryWatermarkAdvanced',
  { watermark: number; mids: readonly string[] | null }
>;

export type ReadWatermarkAdvanced = ConversationEventOf<
  'ReadWatermarkAdvanced',
  { watermark: number }
>;

export type ContactInfoShared = ConversationEventOf<
  'ContactInfoShared',
  {
    kind: 'email' | 'phone';
    value: string;
    /** The customer message that carried it; null when an agent recorded it by hand. */
    mid: string | null;
    sharedAt: number;
  }
>;

/**
 * Back in a queue after an agent had it: transferred to a queue, or taken back
 * from an agent who stayed away. `front` puts it ahead of everyone who never
 * had an agent, so a customer is not made to wait twice.
 */
export type ConversationRequeued = ConversationEventOf<
  'ConversationRequeued',
  {
    queue: string | null;
    previousAgentId: string;
    reason: 'transferred' | 'agent_unavailable';
    front: boolean;
    requeuedBy: string;
    queuedAt: number;
  }
>;

export type ConversationClosedByAgent = ConversationEventOf<
  'ConversationClosedByAgent',
  { agentId: string; closedAt: number }
>;

export type ChatEndedByCustomer = ConversationEventOf<'ChatEndedByCustomer', { endedAt: number }>;

export type ExpiryRule =
  '24h_after_last_customer_message' | '7d_human_agent' | 'guest_24h_after_start';

export type ConversationExpired = ConversationEventOf<
  'ConversationExpired',
  { rule: ExpiryRule; deadline: number; expiredAt: number }
>;

/**
 * The page's satisfaction survey, asked after an agent closed; its message is
 * the AutomaticMessageRequested (trigger `csat_survey`, same id) recorded with it.
 */
export type CsatSurveyRequested = ConversationEventOf<
  'CsatSurveyRequested',
  {
    surveyId: string;
    /** The agent who closed: the one the answer rates. */
    agentId: string;
    question: string;
    scale: CsatScale;
    requestedAt: number;
  }
>;

/**
 * An agent's reaction to a customer message enters the outbox like a message: recorded first,
 * then sent (Send API `sender_action: react` / `unreact`), the outcome recorded below.
 * `reaction: null` takes the agent's reaction away.
 */
export type AgentReactionRequested = ConversationEventOf<
  'AgentReactionRequested',
  {
    reactionId: string;
    agentId: string;
    mid: string;
    reaction: AgentReaction | null;
    requestedAt: number;
  }
>;

/** The customer's quick reply to the survey; it arrives after the end, on the ended conversation. */
export type CsatAnswered = ConversationEventOf<
  'CsatAnswered',
  {
    surveyId: string;
    mid: string;
    /** The survey's scale, so the answer reads on its own (transcript, figures). */
    scale: CsatScale;
    choice: string;
    /** What Messenger showed as the customer's message: the quick reply's title. */
    text: string | null;
    /** Facebook's time of the tap; `answeredAt` is Pagedesk's, the one the 24-hour answer window is judged by. */
    sentAt: number;
    answeredAt: number;
  }
>;

export type AgentReactionSent = ConversationEventOf<
  'AgentReactionSent',
  { reactionId: string; confirmedAt: number }
>;

export type AgentReactionFailed = ConversationEventOf<
  'AgentReactionFailed',
  {
    reactionId: string;
    code: number | null;
    subcode: number | null;
    reason: string;
    permanent: boolean;
    attempt: number;
    retryAt: number | null;
    failedAt: number;
  }
>;

/**
 * An agent handed the conversation on, with what they told the colleague. Recorded just
 * before the AgentAssigned or ConversationRequeued that moves it, which alone changes state.
 */
export type ConversationTransferred = ConversationEventOf<
  'ConversationTransferred',
  { fromAgentId: string; to: TransferTarget; note: string | null; transferredAt: number }
>;

/** Written by an agent or supervisor for colleagues; never sent to the customer. */
export type InternalNoteAdded = ConversationEventOf<
  'InternalNoteAdded',
  { noteId: string; authorId: string; text: string; addedAt: number }
>;

/** The closing agent's wrap-up tags, recorded just before ConversationClosedByAgent. */
export type ConversationWrappedUp = ConversationEventOf<
  'ConversationWrappedUp',
  { agentId: string; tags: readonly WrapUpTagChoice[]; wrappedUpAt: number }
>;

export type ConversationEvent =
  | ConversationStarted
  | CustomerMessageReceived
  | PostbackReceived
  | ReferralReceived
  | GuestUpgraded
  | UserRefResolved
  | CustomerProfileFetched
  | CustomerProfileUnavailable
  | ConversationQueued
  | AgentAssigned
  | ConversationRequeued
  | AgentMessageRequested
  | AutomaticMessageRequested
  | AgentMessageSent
  | AgentAttachmentUploaded
  | AgentMessageFailed
  | PageMessageEchoed
  | CustomerMessageEdited
  | ReactionSet
  | ReactionRemoved
  | DeliveryWatermarkAdvanced
  | ReadWatermarkAdvanced
  | ContactInfoShared
  | ConversationClosedByAgent
  | ChatEndedByCustomer
  | ConversationExpired
  | RecipientUnavailable
  | CsatSurveyRequested
  | CsatAnswered
  | AgentReactionRequested
  | AgentReactionSent
  | AgentReactionFailed
  | ConversationTransferred
  | InternalNoteAdded
  | ConversationWrappedUp;

export type ConversationEventType = ConversationEvent['type'];
