/**
 * How a scorecard's criteria are marked and what a filled scorecard scores.
 * Pure, so the server, the projection and the specs agree on one rule.
 */
export type CriterionScale =
  { readonly kind: 'points'; readonly max: number } | { readonly kind: 'yes_no' };

export interface Criterion {
  readonly id: string;
  readonly label: string;
  readonly weight: number;
  readonly scale: CriterionScale;
}

/** Points (0–max), yes/no, or null: not applicable to this conversation, left out of the score. */
export type CriterionValue = number | boolean | null;

export interface Score {
  /** 0–100, two decimals: the weighted share of what the applicable criteria could give. */
  readonly percent: number;
  /** Sum of the weights of the criteria that counted (not applicable ones do not). */
  readonly weightScored: number;
}

/** Why a value does not fit its criterion's scale, or null when it does. */
export function valueProblem(criterion: Criterion, value: CriterionValue): string | null {
  if (value === null) return null;
  switch (criterion.scale.kind) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : 'must be true (yes), false (no) or null';
    case 'points':
      return Number.isInteger(value) &&
        (value as number) >= 0 &&
        (value as number) <= criterion.scale.max
        ? null
        : `must be a whole number from 0 to ${criterion.scale.max}, or null`;
    default:
      return criterion.scale satisfies never;
  }
}

function fraction(scale: CriterionScale, value: number | boolean): number {
  switch (scale.kind) {
    case 'yes_no':
      return value === true ? 1 : 0;
    case 'points':
      return (value as number) / scale.max;
    default:
      return scale satisfies never;
  }
}

/**
 * Σ weight·(value/max) over Σ weight, of the applicable criteria, as a
 * percentage rounded to two decimals. Undefined when nothing was applicable:
 * a review must mark something.
 */
export function scoreOf(
  criteria: readonly Criterion[],
  values: ReadonlyMap<string, CriterionValue>,
): Score | undefined {
  let earned = 0;
  let weightScored = 0;
  for (const criterion of criteria) {
    const value = values.get(criterion.id);
    if (value === undefined || value === null) continue;
    earned += criterion.weight * fraction(criterion.scale, value);
    weightScored += criterion.weight;
  }
  if (weightScored === 0) return undefined;
  return { percent: Math.round((10_000 * earned) / weightScored) / 100, weightScored };
}
