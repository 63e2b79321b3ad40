import { graceEnd } from './grace-period';

const GRACE_MS = 60_000;

describe('the end of an agent’s grace period', () => {
  it('given nobody recorded when the agent left, when a node starts the grace period, then it lasts one full period from now', () => {
    expect(graceEnd(undefined, GRACE_MS, 1_000_000)).toEqual({
      startedAt: 1_000_000,
      endsAt: 1_060_000,
      inMs: 60_000,
    });
  });

  it('given the agent left 20 s ago, when a new routing owner takes over, then it ends at the original deadline, 40 s from now', () => {
    expect(graceEnd(980_000, GRACE_MS, 1_000_000)).toEqual({
      startedAt: 980_000,
      endsAt: 1_040_000,
      inMs: 40_000,
    });
  });

  it('given the agent left longer ago than the grace period, when a new routing owner takes over, then it ends at once', () => {
    expect(graceEnd(900_000, GRACE_MS, 1_000_000)).toEqual({
      startedAt: 900_000,
      endsAt: 960_000,
      inMs: 0,
    });
  });

  it('given the deadline is exactly now, when asked, then nothing is left of it', () => {
    expect(graceEnd(940_000, GRACE_MS, 1_000_000).inMs).toBe(0);
  });

  it('given the node that saw the disconnect has a clock running ahead, when the start is in the future, then the period is never longer than one grace period', () => {
    expect(graceEnd(1_005_000, GRACE_MS, 1_000_000)).toEqual({
      startedAt: 1_000_000,
      endsAt: 1_060_000,
      inMs: 60_000,
    });
  });
});
