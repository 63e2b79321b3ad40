import type {
  ChatPush,
  CustomerPush,
  DeliveryPush,
  EndReason,
  MessagePush,
  MessageStatus,
  NotePush,
  ReactionPush,
  ReactionStatusPush,
} from '@pagedesk/contracts';
import { AGENT_REACTIONS, type ConversationEvent } from '@pagedesk/conversation';
import { isArrivalReferral, JOINED_CHANNEL } from '@pagedesk/identity';

/** A server → agent message about one conversation (libs/contracts); `position` is the event's place in the global log. */
export type ConversationPush = ChatPush;

type Body<T> = Omit<T, 'conversationId' | 'position'>;

/**
 * What the agent who has the conversation is told about one of its events,
 * live and in `sync` alike (one mapping, so a resumed desktop sees exactly
 * what a connected one saw). `messages`: the delivery statuses the event
 * changed, from DeliveryLedger. Routing moments (queued, assigned, requeued)
 * become `chat:requested` / `chat:assigned` elsewhere, from the router.
 */
export function pushFor(
  conversationId: string,
  event: ConversationEvent,
  position: number,
  messages: readonly MessageStatus[] = [],
  nameOf: (userId: string) => string | null = () => null,
): ConversationPush | undefined {
  const base = { conversationId, position };
  const message = (payload: Body<MessagePush>): ConversationPush => ({
    name: 'chat:message',
    payload: { ...base, ...payload },
  });
  const delivery = (payload: Omit<Body<DeliveryPush>, 'messages'>): ConversationPush => ({
    name: 'chat:delivery',
    payload: { ...base, ...payload, messages },
  });
  const customer = (payload: Body<CustomerPush>): ConversationPush => ({
    name: 'chat:customer_updated',
    payload: { ...base, ...payload },
  });
  const note = (payload: Body<NotePush>): ConversationPush => ({
    name: 'chat:note',
    payload: { ...base, ...payload },
  });
  const end = (reason: EndReason, at: number): ConversationPush => ({
    name: 'chat:ended',
    payload: { ...base, reason, at },
  });
  const reaction = (payload: Body<ReactionPush>): ConversationPush => ({
    name: 'chat:reaction',
    payload: { ...base, ...payload },
  });
  const reactionStatus = (payload: Body<ReactionStatusPush>): ConversationPush => ({
    name: 'chat:reaction_status',
    payload: { ...base, ...payload },
  });
  switch (event.type) {
    case 'CustomerMessageReceived':
      return message({
        author: 'customer',
        messageId: event.data.mid,
        text: event.data.text,
        attachments: event.data.attachments,
        quickReplyPayload: event.data.quickReplyPayload,
        replyToMid: event.data.replyToMid,
        at: event.data.sentAt,
      });
    case 'PostbackReceived':
      return message({
        author: 'customer',
        kind: 'postback',
        messageId: event.data.mid ?? `postback:${position}`,
        text: event.data.title,
        payload: event.data.payload,
        at: event.data.sentAt,
      });
    case 'AgentMessageRequested':
      return message({
        author: 'agent',
        agentId: event.data.agentId,
        messageId: event.data.messageId,
        clientMessageId: event.data.clientMessageId,
        content: event.data.content,
        at: event.data.requestedAt,
      });
    case 'AutomaticMessageRequested':
      return message({
        author: 'automatic',
        trigger: event.data.trigger,
        messageId: event.data.messageId,
        content: event.data.content,
        at: event.data.requestedAt,
      });
    case 'PageMessageEchoed':
      return message({
        author: 'page',
        messageId: event.data.mid,
        text: event.data.text,
        attachments: event.data.attachments,
        at: event.data.sentAt,
      });
    case 'AgentMessageSent':
      return delivery({
        status: 'sent',
        messageId: event.data.messageId,
        mid: event.data.mid,
        at: event.data.sentAt ?? event.data.confirmedAt,
      });
    case 'AgentMessageFailed':
      return delivery({
        status: 'failed',
        messageId: event.data.messageId,
        reason: event.data.reason,
        permanent: event.data.permanent,
        retryAt: event.data.retryAt,
        at: event.data.failedAt,
      });
    // Receipts are watermarks: every message sent at or before it is delivered (read).
    case 'DeliveryWatermarkAdvanced':
      return delivery({
        status: 'delivered',
        watermark: event.data.watermark,
        mids: event.data.mids,
      });
    case 'ReadWatermarkAdvanced':
      return delivery({ status: 'read', watermark: event.data.watermark });
    case 'GuestUpgraded':
    case 'UserRefResolved':
      return customer({
        customer: { kind: 'psid', id: event.data.psid, guest: false },
        channel: JOINED_CHANNEL,
      });
    case 'CustomerProfileFetched':
      return customer({
        name: [event.data.firstName, event.data.lastName].filter((p) => p).join(' ') || null,
        pictureUrl: event.data.pictureUrl,
      });
    case 'ContactInfoShared':
      return customer({
        contact: { kind: event.data.kind, value: event.data.value, sharedAt: event.data.sharedAt },
      });
    case 'ReferralReceived':
      return isArrivalReferral(event.data.referral)
        ? customer({ referral: { ...event.data.referral, at: event.data.sentAt } })
        : undefined;
    case 'InternalNoteAdded':
      return note({
        noteId: event.data.noteId,
        authorId: event.data.authorId,
        authorName: nameOf(event.data.authorId),
        text: event.data.text,
        at: event.data.addedAt,
      });
    case 'ConversationClosedByAgent':
      return end('agent_closed', event.data.closedAt);
    case 'ConversationExpired':
      return end('expired', event.data.expiredAt);
    case 'ChatEndedByCustomer':
      return end('customer_ended', event.data.endedAt);
    case 'RecipientUnavailable':
      return end('recipient_unavailable', event.data.endedAt);
    case 'CustomerMessageEdited':
      return {
        name: 'chat:message_edited',
        payload: {
          ...base,
          messageId: event.data.mid,
          text: event.data.newText,
          editCount: event.data.editCount,
          at: event.data.editedAt,
        },
      };
    case 'ReactionSet':
      return reaction({
        by: 'customer',
        messageId: event.data.mid,
        reaction: event.data.reaction,
        emoji: event.data.emoji,
        at: event.data.reactedAt,
      });
    case 'ReactionRemoved':
      return reaction({
        by: 'customer',
        messageId: event.data.mid,
        reaction: null,
        emoji: null,
        at: event.data.reactedAt,
      });
    case 'AgentReactionRequested':
      return reaction({
        by: 'agent',
        agentId: event.data.agentId,
        reactionId: event.data.reactionId,
        messageId: event.data.mid,
        reaction: event.data.reaction,
        emoji: event.data.reaction === null ? null : AGENT_REACTIONS[event.data.reaction],
        at: event.data.requestedAt,
      });
    case 'AgentReactionSent':
      return reactionStatus({
        reactionId: event.data.reactionId,
        status: 'sent',
        at: event.data.confirmedAt,
      });
    case 'AgentReactionFailed':
      return reactionStatus({
        reactionId: event.data.reactionId,
        status: 'failed',
        reason: event.data.reason,
        permanent: event.data.permanent,
        at: event.data.failedAt,
      });
    // Routing moments are told by the router; the rest changes nothing on the agent's screen yet
    // (the CSAT survey and its answer come after the close: supervisors see them in the transcript).
    case 'ConversationStarted':
    case 'ConversationQueued':
    case 'AgentAssigned':
    case 'ConversationRequeued':
    case 'CustomerProfileUnavailable':
    case 'CsatSurveyRequested':
    case 'CsatAnswered':
      return undefined;
    // A step inside the outbox: the agent hears the outcome (AgentMessageSent / Failed).
    case 'AgentAttachmentUploaded':
      return undefined;
    // Told with `chat:assigned` (ChatSummaries keeps it), and by the close's chat:ended.
    case 'ConversationTransferred':
    case 'ConversationWrappedUp':
      return undefined;
    default:
      return unhandled(event);
  }
}

/** Compile-time guard: a new event type fails the type-check until the agent contract says what it shows. */
function unhandled(event: never): undefined {
  void event;
  return undefined;
}
