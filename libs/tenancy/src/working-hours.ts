import { DateTime } from 'luxon';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeRange {
  /** `HH:MM`, 24-hour, local to `timeZone`. */
  readonly start: string;
  /** `HH:MM`, after `start`; `24:00` means midnight at the end of the day. */
  readonly end: string;
}

export interface WorkingHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** Open ranges per weekday; a missing or empty day is closed. */
  readonly weekly: Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;
  /** `YYYY-MM-DD` days closed all day (holidays), in `timeZone`. */
  readonly closedDates: readonly string[];
}

const HH_MM = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The first reason the schedule cannot work, naming its field, or null. */
export function workingHoursProblem(hours: WorkingHours, field = 'workingHours'): string | null {
  if (!isTimeZone(hours.timeZone))
    return `${field}.timeZone must be an IANA time zone such as Europe/Berlin`;
  for (const [day, ranges] of Object.entries(hours.weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(day))
      return `${field}.weekly.${day} is not a weekday`;
    const sorted = [...(ranges ?? [])].sort((a, b) => a.start.localeCompare(b.start));
    for (const [i, range] of sorted.entries()) {
      const at = `${field}.weekly.${day}[${i}]`;
      if (!HH_MM.test(range.start) || range.start === '24:00') return `${at}.start must be HH:MM`;
      if (!HH_MM.test(range.end)) return `${at}.end must be HH:MM (24:00 for midnight)`;
      if (minutes(range.end) <= minutes(range.start)) return `${at}.end must be after start`;
      const next = sorted[i + 1];
      if (next && minutes(next.start) < minutes(range.end))
        return `${field}.weekly.${day} has overlapping ranges`;
    }
  }
  for (const [i, date] of hours.closedDates.entries()) {
    const m = DATE.exec(date);
    const valid =
      m && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString().startsWith(date);
    if (!valid) return `${field}.closedDates[${i}] must be a real date as YYYY-MM-DD`;
  }
  return null;
}

/**
 * Whether the page is open at an instant, judged on the wall clock of its
 * time zone (luxon applies the zone's DST rules: 09:00 stays 09:00 local when
 * the offset changes). `null` hours mean always open. A zone the runtime no
 * longer knows (ICU dropped it) counts as open: the page must not go silent.
 */
export function isOpenAt(hours: WorkingHours | null, at: number): boolean {
  if (hours === null) return true;
  const local = DateTime.fromMillis(at, { zone: hours.timeZone });
  if (!local.isValid) return true;
  if (hours.closedDates.includes(local.toISODate())) return false;
  const minute = local.hour * 60 + local.minute;
  const ranges = hours.weekly[WEEKDAYS[local.weekday - 1]!] ?? [];
  return ranges.some((range) => minutes(range.start) <= minute && minute < minutes(range.end));
}
