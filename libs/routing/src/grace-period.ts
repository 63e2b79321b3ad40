/**
 * When a disconnected agent's grace period ends, whichever node decides it.
 * The grace period starts when the agent was last seen connected anywhere
 * (`awaySince`, shared by the node that saw the disconnect); a node that
 * takes the routing over later ends it at the same deadline instead of
 * granting a new period. Unknown (nobody recorded it): it starts now.
 */
export interface GraceEnd {
  readonly startedAt: number;
  readonly endsAt: number;
  /** How long from `now` until it ends: 0 when the deadline already passed. */
  readonly inMs: number;
}

export function graceEnd(awaySince: number | undefined, graceMs: number, now: number): GraceEnd {
  // A start ahead of this node's clock (another node's clock runs fast) counts as now: never longer than one period.
  const startedAt = awaySince === undefined ? now : Math.min(awaySince, now);
  const endsAt = startedAt + graceMs;
  return { startedAt, endsAt, inMs: Math.max(0, endsAt - now) };
}
