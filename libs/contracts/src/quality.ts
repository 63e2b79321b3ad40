import { Type } from '@sinclair/typebox';
import { Closed, Nullable, type Wire } from './schema';

/** Quality control over REST (docs/quality-control.md): scorecards, and the reviews made with them. */
const IsoTime = Type.String({ description: 'ISO 8601 time' });

export const CriterionScale = Type.Union([
  Closed({ kind: Type.Literal('points'), max: Type.Number({ description: 'marks run 0–max' }) }),
  Closed({ kind: Type.Literal('yes_no') }),
]);
export type CriterionScale = Wire<typeof CriterionScale>;

const criterionFields = {
  id: Type.String(),
  label: Type.String(),
  weight: Type.Number(),
  scale: CriterionScale,
};
export const CriterionView = Closed(criterionFields);
export type CriterionView = Wire<typeof CriterionView>;

export const ScorecardView = Closed({
  scorecardId: Type.String(),
  name: Type.String(),
  version: Type.Number({ description: 'a revision is a new version; reviews keep theirs' }),
  archived: Type.Boolean({ description: 'no new reviews with it; its reviews stay' }),
  criteria: Type.Array(CriterionView),
});
export type ScorecardView = Wire<typeof ScorecardView>;

export const ScorecardList = Closed({ items: Type.Array(ScorecardView) });
export type ScorecardList = Wire<typeof ScorecardList>;

export const MarkedCriterionView = Closed({
  ...criterionFields,
  value: Nullable(
    Type.Union([Type.Number(), Type.Boolean()], {
      description: 'points or yes/no; null: not applicable, left out of the score',
    }),
  ),
  comment: Type.String(),
});
export type MarkedCriterionView = Wire<typeof MarkedCriterionView>;

const Person = Closed({ userId: Type.String(), name: Type.String() });

export const ReviewView = Closed({
  reviewId: Type.String(),
  conversationId: Type.String(),
  pageId: Type.String(),
  endedAt: IsoTime,
  scoredAt: IsoTime,
  agents: Type.Array(Person),
  reviewer: Person,
  scorecardId: Type.String(),
  scorecardVersion: Type.Number(),
  scorecardName: Type.String(),
  percent: Type.Number({ description: '0–100, two decimals' }),
  round: Type.Number({ description: "2+ supersedes the reviewer's earlier review" }),
  comment: Type.String(),
  criteria: Type.Array(MarkedCriterionView),
});
export type ReviewView = Wire<typeof ReviewView>;

export const ReviewList = Closed({
  total: Type.Number({ description: 'every matching review; items is one page of them' }),
  items: Type.Array(ReviewView),
});
export type ReviewList = Wire<typeof ReviewList>;

export const ScoreOutcome = Closed({
  reviewId: Type.String(),
  percent: Type.Number(),
  round: Type.Number(),
  recorded: Type.Boolean({ description: 'false when the same marks were sent again' }),
});
export type ScoreOutcome = Wire<typeof ScoreOutcome>;
