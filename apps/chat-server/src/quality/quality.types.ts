/**
 * REST response shapes of scorecards and reviews, shared with the web app.
 * Kept apart so they can move into the contracts package as they are.
 */
export type ScaleView =
  { readonly kind: 'points'; readonly max: number } | { readonly kind: 'yes_no' };

export interface CriterionView {
  readonly id: string;
  readonly label: string;
  readonly weight: number;
  readonly scale: ScaleView;
}

export interface ScorecardView {
  readonly scorecardId: string;
  readonly name: string;
  readonly version: number;
  readonly archived: boolean;
  readonly criteria: readonly CriterionView[];
}

export interface ScorecardList {
  readonly items: readonly ScorecardView[];
}

export interface MarkedCriterionView extends CriterionView {
  readonly value: number | boolean | null;
  readonly comment: string;
}

export interface ReviewView {
  readonly reviewId: string;
  readonly conversationId: string;
  readonly pageId: string;
  readonly endedAt: string;
  readonly scoredAt: string;
  readonly agents: readonly { readonly userId: string; readonly name: string }[];
  readonly reviewer: { readonly userId: string; readonly name: string };
  readonly scorecardId: string;
  readonly scorecardVersion: number;
  readonly scorecardName: string;
  readonly percent: number;
  readonly round: number;
  readonly comment: string;
  readonly criteria: readonly MarkedCriterionView[];
}

export interface ReviewList {
  readonly total: number;
  readonly items: readonly ReviewView[];
}
