import type { ConversationEvent, CsatScale } from '@pagedesk/conversation';
import { unhandled } from '../conversation-event';

/** One agent's part in a conversation: what the per-agent figures are made of. */
export interface AgentFacts {
  readonly agentId: string;
  readonly assignedAt: number;
  /** Their first message after they first got it. */
  readonly firstReplyAt: number | null;
  /** Finished spells only (assigned → transferred, requeued or ended). */
  readonly handleMs: number;
  /** Assigned to them right now; null when not. */
  readonly holdingSince: number | null;
  readonly transfersOut: number;
}

/** The satisfaction survey asked after the close, and its answer once given. */
export interface CsatFacts {
  /** The agent who closed: the one the answer rates. */
  readonly agentId: string;
  readonly scale: CsatScale;
  readonly choice: string | null;
}

/**
 * Everything the service figures need to know about one conversation,
 * folded from its events in log order. Times are event data (Facebook's or
 * the command's `now`), never the clock, so a rebuild gives the same facts.
 */
export interface ConversationFacts {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly pageId: string;
  /** The queue it was first offered in: the queue whose service it measures. */
  readonly queue: string | null;
  readonly startedAt: number;
  /** First queued (or, never queued, the start when an agent got it directly). */
  readonly offeredAt: number | null;
  readonly firstAssignedAt: number | null;
  readonly firstReplyAt: number | null;
  readonly endedAt: number | null;
  /** In a queue right now, since then (a requeue starts a new wait). */
  readonly waitingSince: number | null;
  /** The customer spoke last and no person has replied since (automatic messages do not count). */
  readonly awaitingReply: boolean;
  readonly customerMessages: number;
  /** By agents in Pagedesk and by people in the Page inbox (echoes). */
  readonly replies: number;
  readonly transfers: number;
  readonly agents: readonly AgentFacts[];
  readonly csat: CsatFacts | null;
}

export const startFacts = (
  conversationId: string,
  data: { tenantId: string; pageId: string; startedAt: number },
): ConversationFacts => ({
  conversationId,
  tenantId: data.tenantId,
  pageId: data.pageId,
  queue: null,
  startedAt: data.startedAt,
  offeredAt: null,
  firstAssignedAt: null,
  firstReplyAt: null,
  endedAt: null,
  waitingSince: null,
  awaitingReply: false,
  customerMessages: 0,
  replies: 0,
  transfers: 0,
  agents: [],
  csat: null,
});

const updateAgent = (
  facts: ConversationFacts,
  agentId: string,
  change: (agent: AgentFacts) => AgentFacts,
): readonly AgentFacts[] => facts.agents.map((a) => (a.agentId === agentId ? change(a) : a));

/** Ends the spell of whoever holds the conversation at `at`. */
const release = (facts: ConversationFacts, at: number, transferred: boolean) =>
  facts.agents.map((a) =>
    a.holdingSince === null
      ? a
      : {
          ...a,
          handleMs: a.handleMs + (at - a.holdingSince),
          holdingSince: null,
          transfersOut: a.transfersOut + (transferred ? 1 : 0),
        },
  );

function assigned(facts: ConversationFacts, agentId: string, at: number): ConversationFacts {
  // Passed on by someone who had it (an agent-to-agent transfer), not taken back by the same agent.
  const transferred = facts.agents.some((a) => a.holdingSince !== null && a.agentId !== agentId);
  const released = release(facts, at, transferred);
  const known = released.some((a) => a.agentId === agentId);
  const agents = known
    ? released.map((a) => (a.agentId === agentId ? { ...a, holdingSince: at } : a))
    : [
        ...released,
        {
          agentId,
          assignedAt: at,
          firstReplyAt: null,
          handleMs: 0,
          holdingSince: at,
          transfersOut: 0,
        },
      ];
  return {
    ...facts,
    offeredAt: facts.offeredAt ?? facts.startedAt,
    firstAssignedAt: facts.firstAssignedAt ?? at,
    waitingSince: null,
    transfers: facts.transfers + (transferred ? 1 : 0),
    agents,
  };
}

function replied(facts: ConversationFacts, agentId: string | null, at: number): ConversationFacts {
  return {
    ...facts,
    awaitingReply: false,
    replies: facts.replies + 1,
    firstReplyAt: facts.firstReplyAt ?? at,
    agents:
      agentId === null
        ? facts.agents
        : updateAgent(facts, agentId, (a) => ({ ...a, firstReplyAt: a.firstReplyAt ?? at })),
  };
}

function ended(facts: ConversationFacts, at: number): ConversationFacts {
  if (facts.endedAt !== null) return facts;
  return { ...facts, endedAt: at, waitingSince: null, agents: release(facts, at, false) };
}

/** The pure rule: what one conversation event changes in the facts. */
export function evolveFacts(facts: ConversationFacts, event: ConversationEvent): ConversationFacts {
  switch (event.type) {
    case 'ConversationQueued':
      return {
        ...facts,
        queue: facts.offeredAt === null ? event.data.queue : facts.queue,
        offeredAt: facts.offeredAt ?? event.data.queuedAt,
        waitingSince: facts.endedAt === null ? event.data.queuedAt : null,
      };
    case 'AgentAssigned':
      return assigned(facts, event.data.agentId, event.data.assignedAt);
    case 'ConversationRequeued': {
      const transferred = event.data.reason === 'transferred';
      return {
        ...facts,
        waitingSince: facts.endedAt === null ? event.data.queuedAt : null,
        transfers: facts.transfers + (transferred ? 1 : 0),
        agents: release(facts, event.data.queuedAt, transferred),
      };
    }
    case 'CustomerMessageReceived':
    case 'PostbackReceived':
      return { ...facts, awaitingReply: true, customerMessages: facts.customerMessages + 1 };
    case 'AgentMessageRequested':
      return replied(facts, event.data.agentId, event.data.requestedAt);
    case 'PageMessageEchoed':
      return replied(facts, null, event.data.sentAt);
    case 'ConversationClosedByAgent':
      return ended(facts, event.data.closedAt);
    case 'ChatEndedByCustomer':
    case 'RecipientUnavailable':
      return ended(facts, event.data.endedAt);
    case 'ConversationExpired':
      return ended(facts, event.data.expiredAt);
    // `?? null`: facts stored before surveys existed have no `csat` at all.
    case 'CsatSurveyRequested':
      return (facts.csat ?? null) !== null
        ? facts
        : {
            ...facts,
            csat: { agentId: event.data.agentId, scale: event.data.scale, choice: null },
          };
    case 'CsatAnswered':
      return (facts.csat ?? null) === null || facts.csat!.choice !== null
        ? facts
        : { ...facts, csat: { ...facts.csat!, choice: event.data.choice } };
    // Started is handled by startFacts; the rest does not change a figure.
    case 'ConversationStarted':
    case 'ReferralReceived':
    case 'GuestUpgraded':
    case 'UserRefResolved':
    case 'CustomerProfileFetched':
    case 'CustomerProfileUnavailable':
    case 'AutomaticMessageRequested':
    case 'AgentMessageSent':
    case 'AgentMessageFailed':
    case 'CustomerMessageEdited':
    case 'ReactionSet':
    case 'ReactionRemoved':
    case 'DeliveryWatermarkAdvanced':
    case 'ReadWatermarkAdvanced':
    case 'ContactInfoShared':
    case 'AgentReactionRequested':
    case 'AgentReactionSent':
    case 'AgentAttachmentUploaded':
    case 'AgentReactionFailed':
      return facts;
    // A transfer is counted by the AgentAssigned or ConversationRequeued that follows it.
    case 'ConversationTransferred':
    case 'InternalNoteAdded':
    case 'ConversationWrappedUp':
      return facts;
    default:
      return unhandled(event);
  }
}
