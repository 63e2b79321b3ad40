import { csatRating, csatSatisfied } from '@pagedesk/conversation';
import type { AgentFacts, ConversationFacts } from './conversation-facts';
import type { PeriodRange } from './periods';
import { summarise, type Summary } from './summary';

export const GROUPINGS = ['tenant', 'queue', 'agent', 'page'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface ServiceLevel {
  readonly targetsMs: readonly number[];
  /** Answered within their queue's target. */
  readonly met: number;
  /** Answered, ended unanswered, or waiting longer than the target; still waiting within it are not judged yet. */
  readonly judged: number;
  /** met / judged, four decimals; null when nothing was judged. */
  readonly share: number | null;
}

/** Satisfaction surveys of the conversations offered in the period (per agent: those they closed). */
export interface CsatFigures {
  readonly surveyed: number;
  readonly answered: number;
  /** 4 or 5 of 5, or a thumb up. */
  readonly satisfied: number;
  /** satisfied / answered, four decimals; null when nobody answered. */
  readonly share: number | null;
  /** Mean of the 1–5 answers (thumbs have none), two decimals; null when there are none. */
  readonly averageRating: number | null;
}

export interface ServiceFigures {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly waitingNow: number;
  readonly longestWaitMs: number | null;
  readonly waitMs: Summary;
  readonly firstReplyMs: Summary;
  readonly handleMs: Summary;
  readonly messagesPerConversation: Summary;
  readonly transfers: number;
  readonly serviceLevel: ServiceLevel;
  readonly csat: CsatFigures;
}

export interface FigureGroup {
  readonly key: string;
  readonly figures: ServiceFigures;
}

export interface FigureInputs {
  readonly range: PeriodRange;
  readonly now: number;
  /** The service-level target of a queue (its setting, else the default). */
  readonly targetMs: (queue: string | null) => number;
}

/** The key of a conversation with no queue, in the queue grouping. */
export const NO_QUEUE = '';

const inPeriod = (f: ConversationFacts, range: PeriodRange) =>
  f.offeredAt !== null && f.offeredAt >= range.from && f.offeredAt < range.to;

const waitOf = (f: ConversationFacts) =>
  f.firstAssignedAt === null ? null : f.firstAssignedAt - f.offeredAt!;

function keysOf(f: ConversationFacts, by: Grouping): string[] {
  switch (by) {
    case 'tenant':
      return [f.tenantId];
    case 'queue':
      return [f.queue ?? NO_QUEUE];
    case 'page':
      return [f.pageId];
    case 'agent':
      return f.agents.map((a) => a.agentId);
    default:
      return by satisfies never;
  }
}

/** Met, missed or not yet judged (still waiting, within the target). */
function serviceOutcome(f: ConversationFacts, inputs: FigureInputs): 'met' | 'missed' | null {
  const target = inputs.targetMs(f.queue);
  const wait = waitOf(f);
  if (wait !== null) return wait <= target ? 'met' : 'missed';
  if (f.endedAt !== null) return 'missed';
  return inputs.now - f.offeredAt! > target ? 'missed' : null;
}

function serviceLevel(conversations: readonly ConversationFacts[], inputs: FigureInputs) {
  let met = 0;
  let judged = 0;
  const targets = new Set<number>();
  for (const f of conversations) {
    targets.add(inputs.targetMs(f.queue));
    const outcome = serviceOutcome(f, inputs);
    if (outcome !== null) judged++;
    if (outcome === 'met') met++;
  }
  return {
    targetsMs: [...targets].sort((a, b) => a - b),
    met,
    judged,
    share: judged === 0 ? null : Math.round((met / judged) * 10_000) / 10_000,
  };
}

const defined = (values: readonly (number | null)[]) =>
  values.filter((v): v is number => v !== null);

/** Time and effort figures: the conversation's own, or (per agent) that agent's part in it. */
function effort(conversations: readonly ConversationFacts[], agentId: string | null) {
  const agentPart = (f: ConversationFacts): AgentFacts =>
    f.agents.find((a) => a.agentId === agentId)!;
  if (agentId === null) {
    return {
      firstReplyMs: summarise(
        defined(
          conversations.map((f) =>
            f.firstReplyAt === null ? null : Math.max(0, f.firstReplyAt - f.offeredAt!),
          ),
        ),
      ),
      handleMs: summarise(
        defined(
          conversations.map((f) =>
            f.endedAt === null || f.firstAssignedAt === null ? null : f.endedAt - f.firstAssignedAt,
          ),
        ),
      ),
      transfers: conversations.reduce((sum, f) => sum + f.transfers, 0),
    };
  }
  const parts = conversations.map(agentPart);
  return {
    firstReplyMs: summarise(
      defined(parts.map((a) => (a.firstReplyAt === null ? null : a.firstReplyAt - a.assignedAt))),
    ),
    handleMs: summarise(defined(parts.map((a) => (a.holdingSince === null ? a.handleMs : null)))),
    transfers: parts.reduce((sum, a) => sum + a.transfersOut, 0),
  };
}

const rounded = (value: number, decimals: number) =>
  Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Per agent, a survey counts for the agent who closed the conversation, not for everyone who had it. */
function csatFigures(conversations: readonly ConversationFacts[], agentId: string | null) {
  const surveys = conversations
    .map((f) => f.csat ?? null)
    .filter((s) => s !== null && (agentId === null || s.agentId === agentId))
    .map((s) => s!);
  const answers = surveys.filter((s) => s.choice !== null);
  const satisfied = answers.filter((s) => csatSatisfied(s.scale, s.choice!)).length;
  const ratings = defined(answers.map((s) => csatRating(s.scale, s.choice!)));
  return {
    surveyed: surveys.length,
    answered: answers.length,
    satisfied,
    share: answers.length === 0 ? null : rounded(satisfied / answers.length, 4),
    averageRating:
      ratings.length === 0
        ? null
        : rounded(ratings.reduce((sum, r) => sum + r, 0) / ratings.length, 2),
  };
}

function figuresOf(
  offered: readonly ConversationFacts[],
  waiting: readonly ConversationFacts[],
  inputs: FigureInputs,
  agentId: string | null,
): ServiceFigures {
  const waits = waiting.map((f) => inputs.now - f.waitingSince!);
  return {
    offered: offered.length,
    answered: offered.filter((f) => f.firstAssignedAt !== null).length,
    abandoned: offered.filter((f) => f.endedAt !== null && f.awaitingReply).length,
    waitingNow: waiting.length,
    longestWaitMs: waits.length === 0 ? null : Math.max(...waits),
    waitMs: summarise(defined(offered.map(waitOf))),
    ...effort(offered, agentId),
    messagesPerConversation: summarise(offered.map((f) => f.customerMessages + f.replies)),
    serviceLevel: serviceLevel(offered, inputs),
    csat: csatFigures(offered, agentId),
  };
}

/**
 * The figures of a period, one group per key of the grouping, sorted by key.
 * `conversations` are a tenant's conversations offered in the period plus
 * those waiting now (whenever they were offered): "waiting now" and "longest
 * wait" are about the moment `now`, not the period, and are not given per
 * agent (a waiting conversation belongs to no agent).
 */
export function serviceFigures(
  conversations: readonly ConversationFacts[],
  by: Grouping,
  inputs: FigureInputs,
): FigureGroup[] {
  const offered = new Map<string, ConversationFacts[]>();
  const waiting = new Map<string, ConversationFacts[]>();
  const push = (map: Map<string, ConversationFacts[]>, key: string, f: ConversationFacts) => {
    const list = map.get(key);
    if (list) list.push(f);
    else map.set(key, [f]);
  };
  for (const f of conversations) {
    for (const key of keysOf(f, by)) {
      if (inPeriod(f, inputs.range)) push(offered, key, f);
      if (by !== 'agent' && f.waitingSince !== null) push(waiting, key, f);
    }
  }
  const keys = [...new Set([...offered.keys(), ...waiting.keys()])].sort();
  return keys.map((key) => ({
    key,
    figures: figuresOf(
      offered.get(key) ?? [],
      waiting.get(key) ?? [],
      inputs,
      by === 'agent' ? key : null,
    ),
  }));
}
