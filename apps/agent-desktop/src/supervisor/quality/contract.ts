/** The QC response shapes, from the one contract the server answers with. */
export type {
  CriterionView,
  MarkedCriterionView,
  ReviewList,
  ReviewView,
  ScorecardList,
  ScorecardView,
  ScoreOutcome,
} from '@pagedesk/contracts';
