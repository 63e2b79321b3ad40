import { toEpochMs } from './timestamp';

describe('toEpochMs', () => {
  it('keeps milliseconds and converts seconds', () => {
    expect(toEpochMs(1785312004523)).toBe(1785312004523);
    expect(toEpochMs(1785312004)).toBe(1785312004000);
    expect(toEpochMs(1785312004.5)).toBe(1785312004500);
  });

  it('treats anything that is not a positive number as missing', () => {
    for (const value of [undefined, null, '1785312004523', 0, -5, Number.NaN]) {
      expect(toEpochMs(value)).toBeUndefined();
    }
  });
});
