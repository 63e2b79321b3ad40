import { periodRange, PeriodError } from './periods';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const range = (...args: Parameters<typeof periodRange>) => {
  const r = periodRange(...args);
  return { firstDay: r.firstDay, lastDay: r.lastDay, from: iso(r.from), to: iso(r.to) };
};

describe('periods in the tenant time zone', () => {
  it('today is the local calendar day, not the UTC one', () => {
    // 00:30 in Berlin on 10 March is still 9 March in UTC.
    expect(range({ period: 'today' }, 'Europe/Berlin', at('2026-03-09T23:30:00Z'))).toEqual({
      firstDay: '2026-03-10',
      lastDay: '2026-03-10',
      from: '2026-03-09T23:00:00.000Z',
      to: '2026-03-10T23:00:00.000Z',
    });
    expect(range({ period: 'today' }, 'UTC', at('2026-03-09T23:30:00Z'))).toMatchObject({
      firstDay: '2026-03-09',
    });
  });

  it('the day the clocks go forward has 23 hours, the day they go back 25', () => {
    const spring = periodRange({ period: 'today' }, 'Europe/Berlin', at('2026-03-29T10:00:00Z'));
    expect([iso(spring.from), iso(spring.to)]).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(spring.to - spring.from).toBe(23 * 3_600_000);
    const autumn = periodRange({ period: 'today' }, 'Europe/Berlin', at('2026-10-25T10:00:00Z'));
    expect(autumn.to - autumn.from).toBe(25 * 3_600_000);
  });

  it('7 and 30 days end with today and start at local midnight across a clock change', () => {
    expect(range({ period: '7d' }, 'Europe/Berlin', at('2026-03-30T10:00:00Z'))).toEqual({
      firstDay: '2026-03-24',
      lastDay: '2026-03-30',
      from: '2026-03-23T23:00:00.000Z', // CET
      to: '2026-03-30T22:00:00.000Z', // CEST
    });
    expect(range({ period: '30d' }, 'Europe/Berlin', at('2026-03-10T10:00:00Z'))).toMatchObject({
      firstDay: '2026-02-09',
      lastDay: '2026-03-10',
    });
  });

  it('a custom period names whole days, the last one included', () => {
    expect(
      range(
        { period: 'custom', from: '2026-03-01', to: '2026-03-31' },
        'America/New_York',
        at('2026-06-01T00:00:00Z'),
      ),
    ).toEqual({
      firstDay: '2026-03-01',
      lastDay: '2026-03-31',
      from: '2026-03-01T05:00:00.000Z', // EST
      to: '2026-04-01T04:00:00.000Z', // EDT since 8 March
    });
  });

  it.each([
    [{ from: '2026-3-1', to: '2026-03-02' }, 'from must be a day, YYYY-MM-DD'],
    [{ from: '2026-02-30', to: '2026-03-02' }, 'from must be a day, YYYY-MM-DD'],
    [{ from: '2026-03-01' }, 'to must be a day, YYYY-MM-DD'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'to must not be before from'],
    [{ from: '2025-01-01', to: '2026-01-02' }, 'a period has at most 366 days'],
  ])('refuses a custom period %j', (days, message) => {
    const request = { period: 'custom' as const, ...days };
    expect(() => periodRange(request, 'UTC', 0)).toThrow(new PeriodError(message));
  });
});
