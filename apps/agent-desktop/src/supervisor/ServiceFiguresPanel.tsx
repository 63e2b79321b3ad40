import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Session } from '../shared/api';
import { duration } from '../shared/time';
import { BarChart } from './BarChart';
import type { FigureGroup, ServiceFigures, ServiceReport, Summary } from '@pagedesk/contracts';

const PERIODS = [
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const;
const GROUPINGS = [
  ['queue', 'Queue'],
  ['agent', 'Agent'],
  ['page', 'Page'],
  ['tenant', 'Whole team'],
] as const;
const REFRESH_MS = 30_000;

const ms = (value: number | null) => (value === null ? '—' : duration(value));
const summary = (s: Summary) => `${ms(s.median)} / ${ms(s.p90)}`;
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);
/** Satisfied share, then the 1–5 average when there is one, then how many of the surveys were answered. */
const csat = (c: ServiceFigures['csat']) =>
  c.surveyed === 0
    ? '—'
    : `${percent(c.share)}${c.averageRating === null ? '' : ` · ${c.averageRating.toFixed(2)}/5`} (${c.answered}/${c.surveyed})`;

/** Service figures of a period, as a table and two charts; refreshed with the rest of the view. */
export function ServiceFiguresPanel({ session, changes }: { session: Session; changes: number }) {
  const [period, setPeriod] = useState<string>('today');
  const [by, setBy] = useState<string>('queue');
  const [report, setReport] = useState<ServiceReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/service-figures?period=${period}&by=${by}`;

  const load = useCallback(() => {
    session.auth.request<ServiceReport>(path).then(
      (r) => {
        setReport(r);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [path, session.auth]);

  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, changes]);

  const groups: readonly FigureGroup[] = report?.groups ?? [];
  const labels = useMemo(() => groups.map((g) => g.name), [groups]);
  const volume = useMemo(
    () => [
      { label: 'Offered', values: groups.map((g) => g.figures.offered), color: '#1877f2' },
      { label: 'Answered', values: groups.map((g) => g.figures.answered), color: '#31a24c' },
      { label: 'Abandoned', values: groups.map((g) => g.figures.abandoned), color: '#e41e3f' },
    ],
    [groups],
  );
  const level = useMemo(
    () => [
      {
        label: 'Service level %',
        values: groups.map((g) => Math.round((g.figures.serviceLevel.share ?? 0) * 100)),
        color: '#f7b928',
      },
    ],
    [groups],
  );

  const exportCsv = async () => {
    const blob = await session.auth.download(`${path}&format=csv`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `service-figures-${by}-${period}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section aria-label="Service figures" className="wide">
      <div className="row">
        <h2 className="grow">Service figures</h2>
        <select aria-label="Period" value={period} onChange={(e) => setPeriod(e.target.value)}>
          {PERIODS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label="Group by" value={by} onChange={(e) => setBy(e.target.value)}>
          {GROUPINGS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button onClick={() => void exportCsv()}>Export CSV</button>
      </div>
      {report && (
        <p className="muted small">
          {report.period.firstDay === report.period.lastDay
            ? report.period.firstDay
            : `${report.period.firstDay} – ${report.period.lastDay}`}{' '}
          ({report.timeZone}) · times are median / 90th percentile
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="charts">
        <BarChart title="Conversations" labels={labels} series={volume} />
        <BarChart title="Service level" labels={labels} series={level} max={100} />
      </div>
      <table className="figures">
        <thead>
          <tr>
            <th>{GROUPINGS.find(([value]) => value === by)?.[1]}</th>
            <th>Offered</th>
            <th>Answered</th>
            <th>Abandoned</th>
            <th>Waiting now</th>
            <th>Longest wait</th>
            <th>Service level</th>
            <th>Wait</th>
            <th>First reply</th>
            <th>Handle time</th>
            <th>Transfers</th>
            <th>CSAT</th>
          </tr>
        </thead>
        <tbody>
          {groups.map(({ key, name, figures: f }) => (
            <tr key={key}>
              <td>{name}</td>
              <td>{f.offered}</td>
              <td>{f.answered}</td>
              <td>{f.abandoned}</td>
              <td>{f.waitingNow}</td>
              <td>{ms(f.longestWaitMs)}</td>
              <td>
                {percent(f.serviceLevel.share)}{' '}
                <span className="muted small">
                  ({f.serviceLevel.met}/{f.serviceLevel.judged})
                </span>
              </td>
              <td>{summary(f.waitMs)}</td>
              <td>{summary(f.firstReplyMs)}</td>
              <td>{summary(f.handleMs)}</td>
              <td>{f.transfers}</td>
              <td>{csat(f.csat)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report && groups.length === 0 && <p className="muted">No conversations in this period.</p>}
    </section>
  );
}
