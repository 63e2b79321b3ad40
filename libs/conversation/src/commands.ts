import type { AgentMessageContent, MessageAttachment, Referral } from './content';
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

export type RequestAgentMessage = CommandOf<
  'RequestAgentMessage',
  {
    messageId: string;
    clientMessageId: string;
    agentId: string;
    content: AgentMessageContent;
  }
>;

export type MarkAgentMessageSent = CommandOf<
  'MarkAgentMessageSent',
  { messageId: string; mid: string; sentAt: number | null }
>;

export type MarkAgentMessageFailed = CommandOf<
  'MarkAgentMessageFailed',
  {
    messageId: string;
    code: number | null;
    subcode: number | null;
    reason: string;
    permanent: boolean;
  }
>;

export type CloseConversation = CommandOf<'CloseConversation', { agentId: string }>;

/** Sent by the scheduler; the decider re-derives the deadline and refuses an early expiry. */
export type ExpireConversation = CommandOf<'ExpireConversation', { humanAgentTagAllowed: boolean }>;

export type ShareContactInfo = CommandOf<
  'ShareContactInfo',
  { kind: 'email' | 'phone'; value: string; mid: string | null }
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
  | MarkAgentMessageSent
  | MarkAgentMessageFailed
  | CloseConversation
  | ExpireConversation
  | ShareContactInfo;

export type ConversationCommandType = ConversationCommand['type'];
