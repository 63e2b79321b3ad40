import { csvCell } from '../transcript/transcript-formats';
import type { Summary } from './summary';
import type { ServiceReport } from './service-reports';

const SUMMARIES = ['waitMs', 'firstReplyMs', 'handleMs', 'messagesPerConversation'] as const;

const HEADER = [
  'by',
  'key',
  'name',
  'first_day',
  'last_day',
  'time_zone',
  'offered',
  'answered',
  'abandoned',
  'waiting_now',
  'longest_wait_ms',
  ...SUMMARIES.flatMap((s) => [`${s}_median`, `${s}_p90`]),
  'transfers',
  'service_level_met',
  'service_level_judged',
  'service_level_share',
  'csat_surveyed',
  'csat_answered',
  'csat_satisfied',
  'csat_share',
  'csat_average_rating',
];

const cell = (value: number | string | null) => csvCell(value === null ? '' : String(value));
const summaryCells = (s: Summary) => [s.median, s.p90];

/** One row per group, RFC 4180, the same quoting as the transcript export; names come from the caller. */
export function serviceReportAsCsv(
  report: ServiceReport,
  nameOf: (key: string) => string = (key) => key,
): string {
  const rows = report.groups.map(({ key, figures: f }) => [
    report.by,
    key,
    nameOf(key),
    report.period.firstDay,
    report.period.lastDay,
    report.timeZone,
    f.offered,
    f.answered,
    f.abandoned,
    f.waitingNow,
    f.longestWaitMs,
    ...SUMMARIES.flatMap((s) => summaryCells(f[s])),
    f.transfers,
    f.serviceLevel.met,
    f.serviceLevel.judged,
    f.serviceLevel.share,
    f.csat.surveyed,
    f.csat.answered,
    f.csat.satisfied,
    f.csat.share,
    f.csat.averageRating,
  ]);
  return [HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
