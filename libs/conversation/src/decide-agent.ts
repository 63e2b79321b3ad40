import type {
  AcceptConversation,
  AssignAgent,
  CloseConversation,
  ExpireConversation,
  MarkAgentMessageFailed,
  MarkAgentMessageSent,
  QueueConversation,
  RequestAgentMessage,
  ShareContactInfo,
} from './commands';
import { normaliseContact } from './contact-info';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { expiryDeadline } from './expiry';
import { requireLive, requireStarted } from './guards';
import type { ConversationState, OutboundMessage } from './state';

export function queueConversation(
  { data }: QueueConversation,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  if (live.status === 'queued') return [];
  if (live.status === 'assigned') throw alreadyAssigned(live.agentId);
  return [{ type: 'ConversationQueued', data: { queue: data.queue, queuedAt: now } }];
}

export function assignAgent(
  { data }: AssignAgent,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  const previousAgentId = live.status === 'assigned' ? live.agentId : null;
  if (previousAgentId === data.agentId) return [];
  return [
    {
      type: 'AgentAssigned',
      data: {
        agentId: data.agentId,
        previousAgentId,
        assignedBy: data.assignedBy,
        assignedAt: now,
      },
    },
  ];
}

export function acceptConversation(
  { data }: AcceptConversation,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  if (live.status === 'assigned') {
    if (live.agentId === data.agentId) return [];
    throw alreadyAssigned(live.agentId);
  }
  return [
    {
      type: 'AgentAssigned',
      data: {
        agentId: data.agentId,
        previousAgentId: null,
        assignedBy: data.agentId,
        assignedAt: now,
      },
    },
  ];
}

/** A retried request (same clientMessageId) is absorbed before any other check, even after the end. */
export function requestAgentMessage(
  { data }: RequestAgentMessage,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const started = requireStarted(state);
  const retried = [...started.outbound.values()].some(
    (message) => message.clientMessageId === data.clientMessageId,
  );
  if (retried) return [];
  const live = requireLive(state);
  if (live.status !== 'assigned' || live.agentId !== data.agentId) {
    throw new ConversationError('not_assigned_agent', 'only the assigned agent may reply', {
      agentId: data.agentId,
    });
  }
  const { text, attachments } = data.content;
  if ((text === null || text.trim() === '') && attachments.length === 0) {
    throw new ConversationError('empty_message', 'a message needs text or an attachment');
  }
  return [{ type: 'AgentMessageRequested', data: { ...data, requestedAt: now } }];
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
    failure.code === data.code &&
    failure.subcode === data.subcode &&
    failure.reason === data.reason &&
    failure.permanent === data.permanent;
  if (repeated) return [];
  return [{ type: 'AgentMessageFailed', data: { ...data, failedAt: now } }];
}

/** An unassigned conversation may be closed by any agent (spam, wrong page); an assigned one only by its agent. */
export function closeConversation(
  { data }: CloseConversation,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  if (live.status === 'assigned' && live.agentId !== data.agentId) {
    throw new ConversationError(
      'not_assigned_agent',
      'the conversation is assigned to another agent',
      {
        agentId: data.agentId,
        assignedAgentId: live.agentId,
      },
    );
  }
  return [{ type: 'ConversationClosedByAgent', data: { agentId: data.agentId, closedAt: now } }];
}

/** Scheduler races (an agent closed first, a timer fired twice) are normal, so an ended conversation absorbs it. */
export function expireConversation(
  { data }: ExpireConversation,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const deadline = expiryDeadline(requireStarted(state), data);
  if (deadline === null) return [];
  if (now < deadline.at) {
    throw new ConversationError('not_yet_expired', 'the conversation is still within its window', {
      rule: deadline.rule,
      deadline: new Date(deadline.at).toISOString(),
    });
  }
  return [
    {
      type: 'ConversationExpired',
      data: { rule: deadline.rule, deadline: deadline.at, expiredAt: now },
    },
  ];
}

export function shareContactInfo(
  { data }: ShareContactInfo,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  const value = normaliseContact(data.kind, data.value);
  if (value === null) {
    throw new ConversationError('invalid_contact_info', `not a valid ${data.kind}`, {
      kind: data.kind,
    });
  }
  if (live.contacts.some((known) => known.kind === data.kind && known.value === value)) return [];
  return [
    { type: 'ContactInfoShared', data: { kind: data.kind, value, mid: data.mid, sharedAt: now } },
  ];
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

const alreadyAssigned = (agentId: string) =>
  new ConversationError('already_assigned', 'the conversation is assigned to another agent', {
    assignedAgentId: agentId,
  });

const alreadySent = (message: OutboundMessage) =>
  new ConversationError('already_sent', 'the message was already sent', {
    messageId: message.messageId,
    mid: message.mid,
  });
