import type {
  MarkAgentMessageFailed,
  MarkAgentMessageSent,
  RecordAttachmentUpload,
  RequestAgentMessage,
  RequestAutomaticMessage,
} from './commands';
import type { AgentMessageContent } from './content';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { requireLive, requireStarted } from './guards';
import { messagingPolicyFor } from './messaging-window';
import type { ConversationState, OutboundMessage, StartedConversation } from './state';

/** A retried request (same clientMessageId) is absorbed before any other check, even after the end. */
export function requestAgentMessage(
  { data }: RequestAgentMessage,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const started = requireStarted(state);
  const retried = [...started.outbound.values()].some(
    ({ author }) => author.kind === 'agent' && author.clientMessageId === data.clientMessageId,
  );
  if (retried) return [];
  const live = requireLive(state);
  if (live.status !== 'assigned' || live.agentId !== data.agentId) {
    throw new ConversationError('not_assigned_agent', 'only the assigned agent may reply', {
      agentId: data.agentId,
    });
  }
  requireSomethingToSay(data.content);
  const messaging = messagingPolicyFor(live, now, {
    author: 'agent',
    humanAgentTagAllowed: data.humanAgentTagAllowed,
  });
  const { messageId, clientMessageId, agentId, content } = data;
  return [
    {
      type: 'AgentMessageRequested',
      data: { messageId, clientMessageId, agentId, content, messaging, requestedAt: now },
    },
  ];
}

/**
 * Opening, offline and error messages need a live conversation; the closing message
 * follows an agent's close, so it is the one thing requested after the end.
 */
export function requestAutomaticMessage(
  { data }: RequestAutomaticMessage,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const started = requireStarted(state);
  if (started.outbound.has(data.messageId)) return [];
  const conversation = data.trigger === 'closing' ? closedByAgent(started) : requireLive(state);
  requireSomethingToSay(data.content);
  const messaging = messagingPolicyFor(conversation, now, {
    author: 'automatic',
    humanAgentTagAllowed: false,
  });
  return [{ type: 'AutomaticMessageRequested', data: { ...data, messaging, requestedAt: now } }];
}

/** Outcomes of a send already under way: recorded even if the conversation ended meanwhile. */
export function markAgentMessageSent(
  { data }: MarkAgentMessageSent,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const message = outboundMessage(state, data.messageId);
  if (message.mid === data.mid) return [];
  if (message.mid !== null) throw alreadySent(message);
  return [{ type: 'AgentMessageSent', data: { ...data, confirmedAt: now } }];
}

/**
 * Recorded once, even after the end (the send is under way): the first id Facebook gave is the
 * one sent, so a crash between upload and send never uploads the file a second time.
 */
export function recordAttachmentUpload(
  { data }: RecordAttachmentUpload,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const message = outboundMessage(state, data.messageId);
  if (message.content.kind !== 'upload') {
    throw new ConversationError('not_an_upload', 'only an uploaded file has an attachment id', {
      messageId: data.messageId,
    });
  }
  if (message.attachmentId !== null) return [];
  if (message.mid !== null) throw alreadySent(message);
  return [{ type: 'AgentAttachmentUploaded', data: { ...data, uploadedAt: now } }];
}

export function markAgentMessageFailed(
  { data }: MarkAgentMessageFailed,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const message = outboundMessage(state, data.messageId);
  if (message.mid !== null) throw alreadySent(message);
  const { failure } = message;
  const repeated =
    failure !== null &&
    failure.attempt === data.attempt &&
    failure.code === data.code &&
    failure.subcode === data.subcode &&
    failure.reason === data.reason &&
    failure.permanent === data.permanent;
  if (repeated) return [];
  const { recipientUnavailable, ...failed } = data;
  const events: ConversationEvent[] = [
    { type: 'AgentMessageFailed', data: { ...failed, failedAt: now } },
  ];
  if (recipientUnavailable && data.permanent && state.status !== 'ended') {
    events.push({
      type: 'RecipientUnavailable',
      data: { messageId: data.messageId, endedAt: now },
    });
  }
  return events;
}

function requireSomethingToSay(content: AgentMessageContent): void {
  const blank =
    (content.kind === 'text' || content.kind === 'buttons') && content.text.trim() === '';
  if (blank) throw new ConversationError('empty_message', 'a message needs text');
}

function closedByAgent(conversation: StartedConversation): StartedConversation {
  if (conversation.status === 'ended' && conversation.end.reason === 'agent_closed') {
    return conversation;
  }
  throw new ConversationError(
    'not_closed_by_agent',
    'a closing message follows an agent closing the conversation',
    { status: conversation.status },
  );
}

function outboundMessage(state: ConversationState, messageId: string): OutboundMessage {
  const message = requireStarted(state).outbound.get(messageId);
  if (message === undefined) {
    throw new ConversationError('message_not_found', 'no such agent message in this conversation', {
      messageId,
    });
  }
  return message;
}

const alreadySent = (message: OutboundMessage) =>
  new ConversationError('already_sent', 'the message was already sent', {
    messageId: message.messageId,
    mid: message.mid,
  });
