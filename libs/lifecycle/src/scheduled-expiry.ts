import {
  expiryDeadline,
  type ConversationEventType,
  type ConversationState,
  type ExpiryDeadline,
} from '@pagedesk/conversation';

/**
 * Which events can change a ScheduledExpiry: the customer's times and
 * identity, whether agents were offered it, and every ending. A Record, so a
 * new event type fails the type-check until someone decides.
 */
const MOVES_SCHEDULE: Readonly<Record<ConversationEventType, boolean>> = {
  ConversationStarted: true,
  CustomerMessageReceived: true,
  PostbackReceived: true,
  ReferralReceived: true,
  GuestUpgraded: true,
  UserRefResolved: true,
  ConversationQueued: true,
  AgentAssigned: true,
  ConversationClosedByAgent: true,
  ChatEndedByCustomer: true,
  ConversationExpired: true,
  RecipientUnavailable: true,
  CustomerProfileFetched: false,
  CustomerProfileUnavailable: false,
  ConversationRequeued: false,
  AgentMessageRequested: false,
  AutomaticMessageRequested: false,
  AgentMessageSent: false,
  AgentAttachmentUploaded: false,
  AgentMessageFailed: false,
  PageMessageEchoed: false,
  CustomerMessageEdited: false,
  ReactionSet: false,
  ReactionRemoved: false,
  DeliveryWatermarkAdvanced: false,
  ReadWatermarkAdvanced: false,
  ContactInfoShared: false,
  CsatSurveyRequested: false,
  CsatAnswered: false,
  AgentReactionRequested: false,
  AgentReactionSent: false,
  AgentReactionFailed: false,
  ConversationTransferred: false,
  InternalNoteAdded: false,
  ConversationWrappedUp: false,
};

/** The event types that can move a schedule, for a filtered subscription. */
export const SCHEDULE_MOVING_TYPES: readonly string[] = Object.entries(MOVES_SCHEDULE)
  .filter(([, moves]) => moves)
  .map(([type]) => type);

export const movesSchedule = (type: string): boolean =>
  Object.hasOwn(MOVES_SCHEDULE, type) && MOVES_SCHEDULE[type as ConversationEventType];

/**
 * What the scheduler keeps per live conversation, derived from its state.
 * Both deadlines are kept because the page's HUMAN_AGENT setting may change
 * while the conversation waits; the scheduler reads it when a deadline nears.
 */
export interface ScheduledExpiry {
  readonly conversationId: string;
  readonly pageId: string;
  /** False while the conversation waits, unqueued, for the page's working hours. */
  readonly offered: boolean;
  readonly withoutTag: ExpiryDeadline;
  readonly withTag: ExpiryDeadline;
}

/** Null once nothing can expire (not started, or ended): the scheduler forgets it. */
export function scheduledExpiry(state: ConversationState): ScheduledExpiry | null {
  if (state.status === 'empty' || state.status === 'ended') return null;
  const withoutTag = expiryDeadline(state, { humanAgentTagAllowed: false });
  const withTag = expiryDeadline(state, { humanAgentTagAllowed: true });
  if (withoutTag === null || withTag === null) return null;
  return {
    conversationId: state.conversationId,
    pageId: state.pageId,
    offered: state.status !== 'open',
    withoutTag,
    withTag,
  };
}

export interface DueExpiry {
  readonly conversationId: string;
  readonly humanAgentTagAllowed: boolean;
  readonly deadline: ExpiryDeadline;
}

export interface ExpiryPlan {
  /** Past their deadline under the page's current policy: expire now. */
  readonly due: readonly DueExpiry[];
  /** The earliest deadline still ahead among the entries given, for a short timer. */
  readonly nextAt: number | null;
}

/**
 * Splits entries into those due at `now` and the next deadline to wake for.
 * Pure: the caller picks the entries (those whose earliest deadline is near)
 * and says which pages may use the HUMAN_AGENT tag.
 */
export function planExpiries(
  entries: readonly ScheduledExpiry[],
  humanAgentTagAllowed: (pageId: string) => boolean,
  now: number,
): ExpiryPlan {
  const due: DueExpiry[] = [];
  let nextAt: number | null = null;
  for (const entry of entries) {
    const tagged = humanAgentTagAllowed(entry.pageId);
    const deadline = tagged ? entry.withTag : entry.withoutTag;
    if (deadline.at <= now) {
      due.push({ conversationId: entry.conversationId, humanAgentTagAllowed: tagged, deadline });
    } else if (nextAt === null || deadline.at < nextAt) {
      nextAt = deadline.at;
    }
  }
  return { due, nextAt };
}
