import type {
  AcceptConversation,
  AssignAgent,
  CloseConversation,
  ExpireConversation,
  QueueConversation,
  ShareContactInfo,
  WrapUpTagChoice,
} from './commands';
import { normaliseContact } from './contact-info';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { expiryDeadline } from './expiry';
import { requireLive, requireStarted } from './guards';
import type { ConversationState } from './state';

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
  const closedEvent: ConversationEvent = {
    type: 'ConversationClosedByAgent',
    data: { agentId: data.agentId, closedAt: now },
  };
  const tags = wrapUpTags(data.wrapUpTags ?? []);
  if (tags.length === 0) return [closedEvent];
  return [
    { type: 'ConversationWrappedUp', data: { agentId: data.agentId, tags, wrappedUpAt: now } },
    closedEvent,
  ];
}

/** Enough to say what a chat was about; more would be a form, not a wrap-up. */
export const MAX_WRAP_UP_TAGS_PER_CLOSE = 10;

function wrapUpTags(tags: readonly WrapUpTagChoice[]) {
  const ids = new Set(tags.map((t) => t.tagId));
  if (ids.size !== tags.length || tags.length > MAX_WRAP_UP_TAGS_PER_CLOSE) {
    throw new ConversationError(
      'invalid_wrap_up',
      `wrap-up: up to ${MAX_WRAP_UP_TAGS_PER_CLOSE} different tags`,
      { max: MAX_WRAP_UP_TAGS_PER_CLOSE },
    );
  }
  return tags.map(({ tagId, label }) => ({ tagId, label }));
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

const alreadyAssigned = (agentId: string) =>
  new ConversationError('already_assigned', 'the conversation is assigned to another agent', {
    assignedAgentId: agentId,
  });
