import { AGENT_REACTIONS, isAgentReaction } from '@pagedesk/contracts';
import type {
  MarkAgentReactionFailed,
  MarkAgentReactionSent,
  RequestAgentReaction,
} from './commands';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { requireLive, requireStarted } from './guards';
import { messagingPolicyFor } from './messaging-window';
import type { ConversationState, OutboundReaction, StartedConversation } from './state';

export { AGENT_REACTIONS, isAgentReaction, type AgentReaction } from '@pagedesk/contracts';

/** Unique in the whole log (the outbox index keys on it) and the same on every replay. */
export const agentReactionId = (conversationId: string, n: number): string =>
  `${conversationId}:reaction:${n}`;

/** The reaction the agents' latest request left on a message: what the customer will see. */
export function agentReactionOn(state: StartedConversation, mid: string): OutboundReaction | null {
  let latest: OutboundReaction | null = null;
  for (const r of state.agentReactions.values()) if (r.mid === mid) latest = r;
  return latest;
}

/**
 * Only the assigned agent, only on a live conversation, only on a customer's message of this
 * conversation, inside Messenger's window (the same rule as a send, judged here so the agent
 * hears `outside_messaging_window` at once rather than a failure from Facebook later). Asking for
 * the reaction already there records nothing, so a retried request (a lost ack) is absorbed.
 */
export function requestAgentReaction(
  { data }: RequestAgentReaction,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  if (live.status !== 'assigned' || live.agentId !== data.agentId) {
    throw new ConversationError('not_assigned_agent', 'only the assigned agent may react', {
      agentId: data.agentId,
    });
  }
  if (data.reaction !== null && !isAgentReaction(data.reaction)) {
    throw new ConversationError(
      'invalid_reaction',
      `reaction must be one of ${Object.keys(AGENT_REACTIONS).join(', ')}`,
    );
  }
  const ours = [...live.outbound.values()].some((m) => m.mid === data.mid);
  if (!live.knownMids.has(data.mid) || ours) {
    throw new ConversationError('message_not_found', 'no such customer message here', {
      mid: data.mid,
    });
  }
  if ((agentReactionOn(live, data.mid)?.reaction ?? null) === data.reaction) return [];
  messagingPolicyFor(live, now, { author: 'agent_reaction', humanAgentTagAllowed: false });
  return [
    {
      type: 'AgentReactionRequested',
      data: {
        reactionId: agentReactionId(live.conversationId, live.agentReactions.size + 1),
        agentId: data.agentId,
        mid: data.mid,
        reaction: data.reaction,
        requestedAt: now,
      },
    },
  ];
}

/** Outcomes of a send under way: recorded even if the conversation ended meanwhile. */
export function markAgentReactionSent(
  { data }: MarkAgentReactionSent,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  if (outboundReaction(state, data.reactionId).sent) return [];
  return [{ type: 'AgentReactionSent', data: { reactionId: data.reactionId, confirmedAt: now } }];
}

export function markAgentReactionFailed(
  { data }: MarkAgentReactionFailed,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const reaction = outboundReaction(state, data.reactionId);
  if (reaction.sent || reaction.failure?.attempt === data.attempt) return [];
  return [{ type: 'AgentReactionFailed', data: { ...data, failedAt: now } }];
}

function outboundReaction(state: ConversationState, reactionId: string): OutboundReaction {
  const reaction = requireStarted(state).agentReactions.get(reactionId);
  if (reaction === undefined) {
    throw new ConversationError('reaction_not_found', 'no such reaction in this conversation', {
      reactionId,
    });
  }
  return reaction;
}
