import { backoffDelay, MAX_BACKOFF_MS } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially, within the upper half of each step', () => {
    expect(backoffDelay(1, () => 0)).toBe(25);
    expect(backoffDelay(1, () => 1)).toBe(50);
    expect(backoffDelay(3, () => 0)).toBe(100);
  });

  it('never waits longer than the cap, however many tries', () => {
    for (const attempt of [6, 10, 100, 10_000]) {
      expect(backoffDelay(attempt, () => 1)).toBe(MAX_BACKOFF_MS);
      expect(backoffDelay(attempt, () => 0)).toBe(MAX_BACKOFF_MS / 2);
    }
  });
});
