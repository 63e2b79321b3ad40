import { DateTime } from 'luxon';

export const PERIODS = ['today', '7d', '30d', 'custom'] as const;
export type PeriodName = (typeof PERIODS)[number];

/** Longest custom period: a year and a day, so a leap year fits. */
export const MAX_PERIOD_DAYS = 366;

export interface PeriodRequest {
  readonly period: PeriodName;
  /** `YYYY-MM-DD`, first day, custom only. */
  readonly from?: string;
  /** `YYYY-MM-DD`, last day (included), custom only. */
  readonly to?: string;
}

/** Whole local days in the tenant's zone: [from, to) in epoch ms, and the days it names. */
export interface PeriodRange {
  readonly timeZone: string;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly from: number;
  readonly to: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const localDay = (day: string, zone: string): DateTime | undefined => {
  if (!DAY.test(day)) return undefined;
  const parsed = DateTime.fromISO(day, { zone });
  return parsed.isValid ? parsed.startOf('day') : undefined;
};

/**
 * Days start at local midnight, so a day is 23 or 25 hours long when the
 * clocks change; luxon applies the zone's rules. `7d` and `30d` end with
 * today (included). Throws a message naming the field when the request is
 * not a period.
 */
export function periodRange(request: PeriodRequest, timeZone: string, now: number): PeriodRange {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  const [first, last] = daysOf(request, today, timeZone);
  return {
    timeZone,
    firstDay: first.toISODate()!,
    lastDay: last.toISODate()!,
    from: first.toMillis(),
    to: last.plus({ days: 1 }).startOf('day').toMillis(),
  };
}

function daysOf(request: PeriodRequest, today: DateTime, zone: string): [DateTime, DateTime] {
  switch (request.period) {
    case 'today':
      return [today, today];
    case '7d':
      return [today.minus({ days: 6 }), today];
    case '30d':
      return [today.minus({ days: 29 }), today];
    case 'custom': {
      const first = request.from === undefined ? undefined : localDay(request.from, zone);
      const last = request.to === undefined ? undefined : localDay(request.to, zone);
      if (!first) throw new PeriodError('from must be a day, YYYY-MM-DD');
      if (!last) throw new PeriodError('to must be a day, YYYY-MM-DD');
      const days = last.diff(first, 'days').days + 1;
      if (days < 1) throw new PeriodError('to must not be before from');
      if (days > MAX_PERIOD_DAYS)
        throw new PeriodError(`a period has at most ${MAX_PERIOD_DAYS} days`);
      return [first, last];
    }
    default:
      return request.period satisfies never;
  }
}

/** The request does not name a period: the API answers 400 with this message. */
export class PeriodError extends Error {}
