import type { AgentReaction } from './agent-reactions';
import type { AgentMessageContent, AutomaticTrigger, MessagingPolicy, Referral } from './content';
import type { CsatSurveyState } from './csat';
import type { ExpiryRule } from './events';
import type { GrowingSet } from './growing-set';
import type { Channel, CustomerIdentity } from './identity';

export type OutboundAuthor =
  | { readonly kind: 'agent'; readonly agentId: string; readonly clientMessageId: string }
  | { readonly kind: 'automatic'; readonly trigger: AutomaticTrigger };

export type OutboundFailure = {
  readonly code: number | null;
  readonly subcode: number | null;
  readonly reason: string;
  readonly permanent: boolean;
  readonly attempt: number;
  readonly retryAt: number | null;
};

/** One agent reaction in the outbox; `sent` once Facebook accepted it. */
export type OutboundReaction = {
  readonly reactionId: string;
  readonly agentId: string;
  readonly mid: string;
  readonly reaction: AgentReaction | null;
  readonly requestedAt: number;
  readonly sent: boolean;
  readonly failure: OutboundFailure | null;
};

/** One message in the outbox: everything the sender needs to (re)try it after a restart. */
export type OutboundMessage = {
  readonly messageId: string;
  readonly author: OutboundAuthor;
  readonly content: AgentMessageContent;
  readonly messaging: MessagingPolicy;
  readonly requestedAt: number;
  readonly mid: string | null;
  readonly sentAt: number | null;
  /** Facebook's id for an uploaded file (content `upload`), once the Attachment Upload API took it. */
  readonly attachmentId: string | null;
  /** The latest failed try; kept after a later success for the record. */
  readonly failure: OutboundFailure | null;
};

export type CustomerProfile =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'fetched';
      readonly firstName: string | null;
      readonly lastName: string | null;
      readonly pictureUrl: string | null;
    }
  | { readonly status: 'unavailable'; readonly reason: string };

export type ConversationEnd =
  | { readonly reason: 'agent_closed'; readonly agentId: string; readonly at: number }
  | { readonly reason: 'customer_ended_chat'; readonly at: number }
  | { readonly reason: 'expired'; readonly rule: ExpiryRule; readonly at: number }
  | { readonly reason: 'recipient_unavailable'; readonly messageId: string; readonly at: number };

/**
 * Only what decide() needs to judge the next command, plus what the delivery
 * status and expiry helpers read. Transcripts are projections, not state.
 */
export type ConversationData = {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly pageId: string;
  readonly customer: CustomerIdentity;
  /** Identities the customer was known by before an upgrade, still routed here. */
  readonly formerIdentities: readonly CustomerIdentity[];
  readonly channel: Channel;
  readonly referral: Referral | null;
  readonly startedAt: number;
  /** Latest (not last-arrived) customer message, postback or referral: each reopens Messenger's window. */
  readonly lastCustomerMessageAt: number;
  /** Every Facebook mid recorded here, whoever sent it: the dedupe key Facebook guarantees. */
  readonly knownMids: GrowingSet<string>;
  /** Dedupe keys for what Facebook sends without a mid (postbacks from the plugin, referrals, edits). */
  readonly seenKeys: GrowingSet<string>;
  /** In request order, which is also the order the sender delivers them in. */
  readonly outbound: ReadonlyMap<string, OutboundMessage>;
  readonly deliveredWatermark: number;
  readonly deliveredMids: ReadonlySet<string>;
  readonly readWatermark: number;
  /** Per mid, the newest reaction change; `reaction: null` is a removal kept to order late arrivals. */
  readonly reactions: ReadonlyMap<
    string,
    { readonly reaction: string | null; readonly at: number }
  >;
  /** The agents' reactions in request order, each change its own entry, as the outbox sends them. */
  readonly agentReactions: ReadonlyMap<string, OutboundReaction>;
  readonly profile: CustomerProfile;
  readonly contacts: readonly { readonly kind: 'email' | 'phone'; readonly value: string }[];
};

export type EmptyConversation = { readonly status: 'empty' };
export type OpenConversation = ConversationData & { readonly status: 'open' };
export type QueuedConversation = ConversationData & {
  readonly status: 'queued';
  readonly queue: string | null;
  readonly queuedAt: number;
};
export type AssignedConversation = ConversationData & {
  readonly status: 'assigned';
  readonly agentId: string;
};
export type EndedConversation = ConversationData & {
  readonly status: 'ended';
  readonly end: ConversationEnd;
  /** The agent it was assigned to when it ended, if any. */
  readonly agentId: string | null;
  /** The satisfaction survey asked after the close, if any: one per conversation. */
  readonly survey: CsatSurveyState | null;
};

export type ConversationState =
  | EmptyConversation
  | OpenConversation
  | QueuedConversation
  | AssignedConversation
  | EndedConversation;

export type StartedConversation = Exclude<ConversationState, EmptyConversation>;

export const initialState = (): ConversationState => ({ status: 'empty' });
