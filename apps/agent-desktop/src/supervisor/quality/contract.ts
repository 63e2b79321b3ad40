/** The server's QC response shapes, imported as types only (one contract for both sides). */
export type {
  CriterionView,
  MarkedCriterionView,
  ReviewList,
  ReviewView,
  ScorecardList,
  ScorecardView,
} from '../../../../chat-server/src/quality/quality.types';

export interface ScoreOutcome {
  readonly reviewId: string;
  readonly percent: number;
  readonly round: number;
  readonly recorded: boolean;
}
