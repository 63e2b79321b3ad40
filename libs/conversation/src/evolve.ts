import { editKey, noteKey, postbackKey, referralKey } from './dedupe-keys';
import type { ConversationEvent } from './events';
import { GrowingSet } from './growing-set';
import type {
  ConversationData,
  ConversationState,
  OutboundMessage,
  OutboundReaction,
  StartedConversation,
} from './state';

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> =>
  new Map(map).set(key, value);

/** History is fact: evolve never rejects, it only folds. */
export function evolve(state: ConversationState, event: ConversationEvent): ConversationState {
  if (event.type === 'ConversationStarted') {
    if (state.status !== 'empty') return state;
    const { data } = event;
    const started: ConversationData = {
      conversationId: data.conversationId,
      tenantId: data.tenantId,
      pageId: data.pageId,
      customer: data.customer,
      formerIdentities: [],
      channel: data.channel,
      referral: data.referral,
      startedAt: data.startedAt,
      lastCustomerMessageAt: data.startedAt,
      knownMids: GrowingSet.empty(),
      seenKeys: GrowingSet.empty(),
      outbound: new Map(),
      deliveredWatermark: 0,
      deliveredMids: new Set(),
      readWatermark: 0,
      reactions: new Map(),
      agentReactions: new Map(),
      profile: { status: 'unknown' },
      contacts: [],
    };
    return { ...started, status: 'open' };
  }
  if (state.status === 'empty') return state;
  return evolveStarted(state, event);
}

function evolveStarted(state: StartedConversation, event: ConversationEvent): ConversationState {
  // Facebook reorders: the conversation spans from the earliest to the latest thing the customer did, whatever arrived first.
  const customerActivity = (at: number) => ({
    startedAt: Math.min(state.startedAt, at),
    lastCustomerMessageAt: Math.max(state.lastCustomerMessageAt, at),
  });
  const updateOutbound = (messageId: string, change: Partial<OutboundMessage>) => {
    const message = state.outbound.get(messageId);
    return message
      ? withEntry(state.outbound, messageId, { ...message, ...change })
      : state.outbound;
  };

  switch (event.type) {
    case 'ConversationStarted':
      return state;
    case 'CustomerMessageReceived':
      return {
        ...state,
        knownMids: state.knownMids.with(event.data.mid),
        ...customerActivity(event.data.sentAt),
      };
    case 'PostbackReceived': {
      const { mid, sentAt } = event.data;
      return {
        ...state,
        knownMids: mid === null ? state.knownMids : state.knownMids.with(mid),
        seenKeys: mid === null ? state.seenKeys.with(postbackKey(event.data)) : state.seenKeys,
        ...customerActivity(sentAt),
      };
    }
    case 'ReferralReceived':
      return {
        ...state,
        seenKeys: state.seenKeys.with(referralKey(event.data)),
        ...customerActivity(event.data.sentAt),
      };
    case 'GuestUpgraded':
      return {
        ...state,
        formerIdentities: [...state.formerIdentities, state.customer],
        customer: { kind: 'psid', id: event.data.psid },
      };
    case 'UserRefResolved':
      return {
        ...state,
        formerIdentities: [...state.formerIdentities, state.customer],
        customer: { kind: 'psid', id: event.data.psid },
      };
    case 'CustomerProfileFetched': {
      const { firstName, lastName, pictureUrl } = event.data;
      return { ...state, profile: { status: 'fetched', firstName, lastName, pictureUrl } };
    }
    case 'CustomerProfileUnavailable':
      return { ...state, profile: { status: 'unavailable', reason: event.data.reason } };
    case 'ConversationQueued':
      return state.status === 'open'
        ? { ...state, status: 'queued', queue: event.data.queue, queuedAt: event.data.queuedAt }
        : state;
    case 'AgentAssigned':
      return state.status === 'ended'
        ? state
        : { ...withoutQueue(state), status: 'assigned', agentId: event.data.agentId };
    case 'ConversationRequeued':
      return state.status === 'assigned'
        ? {
            ...dropAgent(state),
            status: 'queued',
            queue: event.data.queue,
            queuedAt: event.data.queuedAt,
          }
        : state;
    case 'AgentMessageRequested': {
      const { messageId, clientMessageId, agentId, content, messaging, requestedAt } = event.data;
      return withOutbound(state, {
        messageId,
        author: { kind: 'agent', agentId, clientMessageId },
        content,
        messaging,
        requestedAt,
      });
    }
    case 'AutomaticMessageRequested': {
      const { messageId, trigger, content, messaging, requestedAt } = event.data;
      return withOutbound(state, {
        messageId,
        author: { kind: 'automatic', trigger },
        content,
        messaging,
        requestedAt,
      });
    }
    case 'AgentMessageSent':
      return {
        ...state,
        knownMids: state.knownMids.with(event.data.mid),
        outbound: updateOutbound(event.data.messageId, {
          mid: event.data.mid,
          sentAt: event.data.sentAt,
        }),
      };
    case 'AgentAttachmentUploaded':
      return {
        ...state,
        outbound: updateOutbound(event.data.messageId, { attachmentId: event.data.attachmentId }),
      };
    case 'AgentMessageFailed': {
      const { code, subcode, reason, permanent, attempt, retryAt } = event.data;
      return {
        ...state,
        outbound: updateOutbound(event.data.messageId, {
          failure: { code, subcode, reason, permanent, attempt, retryAt },
        }),
      };
    }
    case 'PageMessageEchoed':
      return { ...state, knownMids: state.knownMids.with(event.data.mid) };
    case 'CustomerMessageEdited':
      return { ...state, seenKeys: state.seenKeys.with(editKey(event.data)) };
    case 'ReactionSet':
      return {
        ...state,
        reactions: withEntry(state.reactions, event.data.mid, {
          reaction: event.data.reaction,
          at: event.data.reactedAt,
        }),
      };
    case 'ReactionRemoved':
      return {
        ...state,
        reactions: withEntry(state.reactions, event.data.mid, {
          reaction: null,
          at: event.data.reactedAt,
        }),
      };
    case 'DeliveryWatermarkAdvanced': {
      const { watermark, mids } = event.data;
      return {
        ...state,
        deliveredWatermark: Math.max(state.deliveredWatermark, watermark),
        deliveredMids:
          mids === null ? state.deliveredMids : new Set([...state.deliveredMids, ...mids]),
      };
    }
    case 'ReadWatermarkAdvanced':
      return { ...state, readWatermark: Math.max(state.readWatermark, event.data.watermark) };
    case 'ContactInfoShared':
      return {
        ...state,
        contacts: [...state.contacts, { kind: event.data.kind, value: event.data.value }],
      };
    case 'ConversationClosedByAgent':
      return end(state, {
        reason: 'agent_closed',
        agentId: event.data.agentId,
        at: event.data.closedAt,
      });
    case 'ChatEndedByCustomer':
      return end(state, { reason: 'customer_ended_chat', at: event.data.endedAt });
    case 'ConversationExpired':
      return end(state, { reason: 'expired', rule: event.data.rule, at: event.data.expiredAt });
    case 'RecipientUnavailable':
      return end(state, {
        reason: 'recipient_unavailable',
        messageId: event.data.messageId,
        at: event.data.endedAt,
      });
    case 'CsatSurveyRequested':
      return state.status === 'ended' && state.survey === null
        ? {
            ...state,
            survey: {
              surveyId: event.data.surveyId,
              scale: event.data.scale,
              requestedAt: event.data.requestedAt,
              answered: false,
            },
          }
        : state;
    case 'CsatAnswered':
      return {
        ...state,
        knownMids: state.knownMids.with(event.data.mid),
        ...(state.status === 'ended' && state.survey !== null
          ? { survey: { ...state.survey, answered: true } }
          : {}),
      };
    case 'AgentReactionRequested':
      return {
        ...state,
        agentReactions: withEntry(state.agentReactions, event.data.reactionId, {
          ...event.data,
          sent: false,
          failure: null,
        }),
      };
    case 'AgentReactionSent':
      return updateReaction(state, event.data.reactionId, { sent: true });
    case 'AgentReactionFailed': {
      const { code, subcode, reason, permanent, attempt, retryAt } = event.data;
      return updateReaction(state, event.data.reactionId, {
        failure: { code, subcode, reason, permanent, attempt, retryAt },
      });
    }
    // A record for people: the AgentAssigned or ConversationRequeued after it moves the conversation.
    case 'ConversationTransferred':
      return state;
    // The ConversationClosedByAgent after it ends the conversation.
    case 'ConversationWrappedUp':
      return state;
    case 'InternalNoteAdded':
      return { ...state, seenKeys: state.seenKeys.with(noteKey(event.data)) };
    default:
      return exhausted(event, state);
  }
}

/** Compile-time exhaustiveness; at run time an unknown event changes nothing. */
const exhausted = (_event: never, state: ConversationState): ConversationState => state;

function withOutbound(
  state: StartedConversation,
  message: Omit<OutboundMessage, 'mid' | 'sentAt' | 'failure' | 'attachmentId'>,
): ConversationState {
  return {
    ...state,
    outbound: withEntry(state.outbound, message.messageId, {
      ...message,
      mid: null,
      sentAt: null,
      attachmentId: null,
      failure: null,
    }),
  };
}

function updateReaction(
  state: StartedConversation,
  reactionId: string,
  change: Partial<OutboundReaction>,
): ConversationState {
  const reaction = state.agentReactions.get(reactionId);
  if (reaction === undefined) return state;
  return {
    ...state,
    agentReactions: withEntry(state.agentReactions, reactionId, { ...reaction, ...change }),
  };
}

function withoutQueue(state: StartedConversation): ConversationData {
  if (state.status !== 'queued') return state;
  const { queue: _queue, queuedAt: _queuedAt, ...data } = state;
  return data;
}

function end(
  state: StartedConversation,
  how: Extract<ConversationState, { status: 'ended' }>['end'],
): ConversationState {
  if (state.status === 'ended') return state;
  const agentId = state.status === 'assigned' ? state.agentId : null;
  const data = state.status === 'assigned' ? dropAgent(state) : withoutQueue(state);
  return { ...data, status: 'ended', end: how, agentId, survey: null };
}

function dropAgent(state: Extract<StartedConversation, { status: 'assigned' }>): ConversationData {
  const { agentId: _agentId, ...data } = state;
  return data;
}
