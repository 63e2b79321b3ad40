import type { AgentReaction } from './agent-reactions';
import type { AgentMessageContent, AutomaticTrigger, MessageAttachment, Referral } from './content';
import type { CsatScale } from './csat';
import type { Channel, CustomerIdentity } from './identity';

/**
 * `now` is an ISO-8601 string, the same form the stored envelope's `recordedAt`
 * takes, so the handler passes one clock reading through unchanged. Facebook's
 * own times travel in the command data as epoch ms.
 */
export type CommandMetadata = { readonly now: string };

type CommandOf<Type extends string, Data extends object> = {
  readonly type: Type;
  readonly data: Readonly<Data>;
  readonly metadata: CommandMetadata;
};

/** Facebook redelivers: starting an already started conversation for the same customer is a no-op. */
export type StartConversation = CommandOf<
  'StartConversation',
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

export type RecordCustomerMessage = CommandOf<
  'RecordCustomerMessage',
  {
    mid: string;
    text: string | null;
    attachments: readonly MessageAttachment[];
    quickReplyPayload: string | null;
    replyToMid: string | null;
    sentAt: number;
  }
>;

export type RecordPostback = CommandOf<
  'RecordPostback',
  {
    mid: string | null;
    title: string;
    payload: string | null;
    referral: Referral | null;
    standby: boolean;
    sentAt: number;
  }
>;

export type RecordReferral = CommandOf<'RecordReferral', { referral: Referral; sentAt: number }>;

export type UpgradeGuest = CommandOf<
  'UpgradeGuest',
  { guestId: string; psid: string; upgradedAt: number }
>;

export type ResolveUserRef = CommandOf<
  'ResolveUserRef',
  { userRef: string; psid: string; resolvedAt: number }
>;

export type RecordProfile = CommandOf<
  'RecordProfile',
  | {
      profile: {
        firstName: string | null;
        lastName: string | null;
        pictureUrl: string | null;
      };
    }
  | { profile: null; reason: string }
>;

export type RecordEcho = CommandOf<
  'RecordEcho',
  {
    mid: string;
    appId: string | null;
    text: string | null;
    attachments: readonly MessageAttachment[];
    metadata: string | null;
    sentAt: number;
  }
>;

export type RecordEdit = CommandOf<
  'RecordEdit',
  { mid: string; newText: string; editCount: number; editedAt: number }
>;

export type RecordReaction = CommandOf<
  'RecordReaction',
  {
    mid: string;
    action: 'react' | 'unreact';
    reaction: string | null;
    emoji: string | null;
    reactedAt: number;
  }
>;

export type RecordDelivery = CommandOf<
  'RecordDelivery',
  { watermark: number; mids: readonly string[] | null }
>;

export type RecordRead = CommandOf<'RecordRead', { watermark: number }>;

export type EndChatByCustomer = CommandOf<'EndChatByCustomer', { endedAt: number }>;

export type QueueConversation = CommandOf<'QueueConversation', { queue: string | null }>;

/** A router or supervisor hands the conversation to an agent, possibly taking it from another. */
export type AssignAgent = CommandOf<'AssignAgent', { agentId: string; assignedBy: string }>;

/** An agent takes a waiting conversation; never takes one away from a colleague. */
export type AcceptConversation = CommandOf<'AcceptConversation', { agentId: string }>;

/**
 * The page's HUMAN_AGENT setting travels in the command (like ExpireConversation's)
 * so the decider applies Messenger's window rule from state and `now` alone.
 */
export type RequestAgentMessage = CommandOf<
  'RequestAgentMessage',
  {
    messageId: string;
    clientMessageId: string;
    agentId: string;
    content: AgentMessageContent;
    humanAgentTagAllowed: boolean;
  }
>;

/** Pagedesk writes on the page's behalf; never tagged, so only inside the 24-hour window. */
export type RequestAutomaticMessage = CommandOf<
  'RequestAutomaticMessage',
  { messageId: string; trigger: AutomaticTrigger; content: AgentMessageContent }
>;

export type MarkAgentMessageSent = CommandOf<
  'MarkAgentMessageSent',
  { messageId: string; mid: string; sentAt: number | null }
>;

/** The outbox got Facebook's `attachment_id` for an uploaded file, before sending it. */
export type RecordAttachmentUpload = CommandOf<
  'RecordAttachmentUpload',
  { messageId: string; attachmentId: string }
>;

export type MarkAgentMessageFailed = CommandOf<
  'MarkAgentMessageFailed',
  {
    messageId: string;
    code: number | null;
    subcode: number | null;
    reason: string;
    permanent: boolean;
    /** 1 for the first try: with `retryAt`, the outbox's whole retry state lives in the log. */
    attempt: number;
    /** When the next try is due; null once permanent. */
    retryAt: number | null;
    /** Facebook says the person cannot be reached (100/2018001, 551): the conversation ends with the failure. */
    recipientUnavailable: boolean;
  }
>;

/** A tag as the tenant defined it when the agent chose it; the label is kept as shown. */
export type WrapUpTagChoice = { readonly tagId: string; readonly label: string };

/** `wrapUpTags`: what the conversation was about, chosen by the closing agent; absent is none. */
export type CloseConversation = CommandOf<
  'CloseConversation',
  { agentId: string; wrapUpTags?: readonly WrapUpTagChoice[] }
>;

export type TransferTarget =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'queue'; readonly queue: string };

/** The assigned agent hands the conversation to a colleague or back to a queue. */
export type TransferConversation = CommandOf<
  'TransferConversation',
  {
    agentId: string;
    to: TransferTarget;
    /** For the colleague who receives it; never sent to the customer. */
    note: string | null;
  }
>;

/**
 * The router takes a conversation back from an agent who stayed away past the
 * grace period. The queue travels in the command because the router knows it
 * and the aggregate need not remember it while the conversation is assigned.
 */
export type RequeueConversation = CommandOf<
  'RequeueConversation',
  { agentId: string; queue: string | null; reason: RequeueReason }
>;

export type RequeueReason = 'agent_unavailable';

/** Sent by the scheduler; the decider re-derives the deadline and refuses an early expiry. */
export type ExpireConversation = CommandOf<'ExpireConversation', { humanAgentTagAllowed: boolean }>;

export type ShareContactInfo = CommandOf<
  'ShareContactInfo',
  { kind: 'email' | 'phone'; value: string; mid: string | null }
>;

/** Sent after an agent's close when the page asks for satisfaction; the decider writes the message. */
export type RequestCsatSurvey = CommandOf<
  'RequestCsatSurvey',
  { surveyId: string; question: string; scale: CsatScale }
>;

/** The assigned agent reacts to a customer message (`reaction`) or takes their reaction back (null). */
export type RequestAgentReaction = CommandOf<
  'RequestAgentReaction',
  { agentId: string; mid: string; reaction: AgentReaction | null }
>;

export type MarkAgentReactionSent = CommandOf<'MarkAgentReactionSent', { reactionId: string }>;

export type MarkAgentReactionFailed = CommandOf<
  'MarkAgentReactionFailed',
  {
    reactionId: string;
    code: number | null;
    subcode: number | null;
    reason: string;
    permanent: boolean;
    attempt: number;
    retryAt: number | null;
  }
>;

/** `noteId` is the author's own id for it: resending the same one records nothing new. */
export type AddInternalNote = CommandOf<
  'AddInternalNote',
  { noteId: string; authorId: string; text: string }
>;

export type ConversationCommand =
  | StartConversation
  | RecordCustomerMessage
  | RecordPostback
  | RecordReferral
  | UpgradeGuest
  | ResolveUserRef
  | RecordProfile
  | RecordEcho
  | RecordEdit
  | RecordReaction
  | RecordDelivery
  | RecordRead
  | EndChatByCustomer
  | QueueConversation
  | AssignAgent
  | AcceptConversation
  | RequestAgentMessage
  | RequestAutomaticMessage
  | MarkAgentMessageSent
  | RecordAttachmentUpload
  | MarkAgentMessageFailed
  | CloseConversation
  | TransferConversation
  | RequeueConversation
  | ExpireConversation
  | ShareContactInfo
  | RequestCsatSurvey
  | RequestAgentReaction
  | MarkAgentReactionSent
  | MarkAgentReactionFailed
  | AddInternalNote;

export type ConversationCommandType = ConversationCommand['type'];
