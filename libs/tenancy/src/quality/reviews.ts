import { AppError, deterministicUuid } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import { exhaustive } from '../user-decider';
import { scoreOf, valueProblem, type Criterion, type CriterionValue } from './score';
import type { Scorecard } from './scorecards';

/**
 * Quality reviews of one conversation live on their own stream, not the
 * conversation's: a review is an opinion written after the fact by someone
 * else, so it must not bump the conversation's revision (and race its late
 * receipts), nor enter the decider every conversation read model switches over.
 */
export const reviewsStream = (conversationId: string) => `qcreviews-${conversationId}`;

export const COMMENT_MAX = 2000;

/** One review per conversation, scorecard and reviewer: scoring again supersedes it. */
export const reviewIdOf = (conversationId: string, scorecardId: string, reviewerId: string) =>
  deterministicUuid(`qcreview:${conversationId}:${scorecardId}:${reviewerId}`);

export interface MarkedCriterion extends Criterion {
  readonly value: CriterionValue;
  readonly comment: string;
}

/** What the conversation looked like when it was reviewed (it is over, so it no longer changes). */
export interface ReviewedConversation {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly pageId: string;
  readonly agentIds: readonly string[];
  readonly endedAt: number;
}

export interface ConversationScoredData {
  readonly reviewId: string;
  readonly tenantId: string;
  readonly conversationId: string;
  readonly pageId: string;
  readonly agentIds: readonly string[];
  readonly endedAt: number;
  readonly reviewerId: string;
  readonly scorecardId: string;
  readonly scorecardVersion: number;
  readonly scorecardName: string;
  /** The criteria as they were defined then, with their marks: the review explains itself after a revision. */
  readonly criteria: readonly MarkedCriterion[];
  readonly comment: string;
  readonly percent: number;
  /** 1 for the first review by this reviewer with this scorecard; each re-score supersedes the previous. */
  readonly round: number;
}

export type ReviewEvent = {
  readonly type: 'ConversationScored';
  readonly data: ConversationScoredData;
};

export interface Marks {
  readonly values: readonly {
    readonly criterionId: string;
    readonly value: CriterionValue;
    readonly comment?: string;
  }[];
  readonly comment?: string;
}

export type ReviewCommand = {
  readonly type: 'ScoreConversation';
  readonly data: {
    readonly conversation: ReviewedConversation;
    readonly scorecard: Scorecard;
    readonly reviewerId: string;
    readonly marks: Marks;
  };
};

/** The latest round of each review on the stream, and what it said (to recognise a repeat). */
export type ReviewsState = ReadonlyMap<
  string,
  { readonly round: number; readonly said: string; readonly percent: number }
>;

function marked(scorecard: Scorecard, marks: Marks): MarkedCriterion[] {
  const byId = new Map<string, Marks['values'][number]>();
  for (const mark of marks.values) {
    if (!scorecard.criteria.some((c) => c.id === mark.criterionId))
      throw new AppError(
        'invalid',
        `values: ${mark.criterionId} is not a criterion of ${scorecard.scorecardId}`,
      );
    if (byId.has(mark.criterionId))
      throw new AppError('invalid', `values: ${mark.criterionId} is marked twice`);
    byId.set(mark.criterionId, mark);
  }
  return scorecard.criteria.map((criterion) => {
    const mark = byId.get(criterion.id);
    if (!mark)
      throw new AppError('invalid', `values: ${criterion.id} (${criterion.label}) is not marked`);
    const problem = valueProblem(criterion, mark.value);
    if (problem) throw new AppError('invalid', `values: ${criterion.id} ${problem}`);
    const comment = (mark.comment ?? '').trim();
    if (comment.length > COMMENT_MAX)
      throw new AppError(
        'invalid',
        `values: ${criterion.id} comment is longer than ${COMMENT_MAX} characters`,
      );
    return { ...criterion, value: mark.value, comment };
  });
}

function decideReview(command: ReviewCommand, state: ReviewsState): ReviewEvent[] {
  const { conversation, scorecard, reviewerId, marks } = command.data;
  if (scorecard.archived)
    throw new AppError('conflict', `scorecard ${scorecard.scorecardId} is archived`);
  const criteria = marked(scorecard, marks);
  const comment = (marks.comment ?? '').trim();
  if (comment.length > COMMENT_MAX)
    throw new AppError('invalid', `comment is longer than ${COMMENT_MAX} characters`);
  const score = scoreOf(criteria, new Map(criteria.map((c) => [c.id, c.value])));
  if (!score) throw new AppError('invalid', 'values: at least one criterion must apply');
  const reviewId = reviewIdOf(conversation.conversationId, scorecard.scorecardId, reviewerId);
  const said = JSON.stringify([scorecard.version, criteria, comment]);
  const previous = state.get(reviewId);
  // The same marks sent again (a retried request) are not a new opinion.
  if (previous?.said === said) return [];
  return [
    {
      type: 'ConversationScored',
      data: {
        reviewId,
        tenantId: conversation.tenantId,
        conversationId: conversation.conversationId,
        pageId: conversation.pageId,
        agentIds: conversation.agentIds,
        endedAt: conversation.endedAt,
        reviewerId,
        scorecardId: scorecard.scorecardId,
        scorecardVersion: scorecard.version,
        scorecardName: scorecard.name,
        criteria,
        comment,
        percent: score.percent,
        round: (previous?.round ?? 0) + 1,
      },
    },
  ];
}

export function evolveReviews(state: ReviewsState, event: ReviewEvent): ReviewsState {
  switch (event.type) {
    case 'ConversationScored': {
      const d = event.data;
      return new Map(state).set(d.reviewId, {
        round: d.round,
        said: JSON.stringify([d.scorecardVersion, d.criteria, d.comment]),
        percent: d.percent,
      });
    }
    default:
      return exhaustive(event.type);
  }
}

export const reviewsDecider: Decider<ReviewsState, ReviewCommand, ReviewEvent> = {
  decide: (command, state) => {
    if (command.type !== 'ScoreConversation') return exhaustive(command.type);
    return decideReview(command, state);
  },
  evolve: evolveReviews,
  initialState: () => new Map(),
};
