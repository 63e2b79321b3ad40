import { useCallback, useEffect, useState } from 'react';
import type { Session } from '../../shared/api';
import { clock } from '../../shared/time';
import type { ReviewList } from './contract';

const PERIODS = [
  ['', 'Any time'],
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const;
const SORTS = [
  ['newest', 'Newest'],
  ['score_asc', 'Lowest score'],
  ['score_desc', 'Highest score'],
] as const;

/** Reviews by score, agent and the period the conversation ended in; CSV of the same filter. */
export function ReviewsTable({ session, changes }: { session: Session; changes: number }) {
  const [agent, setAgent] = useState('');
  const [period, setPeriod] = useState('');
  const [sort, setSort] = useState('newest');
  const [minScore, setMinScore] = useState('');
  const [list, setList] = useState<ReviewList | null>(null);
  const [agents, setAgents] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const query = new URLSearchParams({ sort });
  if (agent) query.set('agent', agent);
  if (period) query.set('period', period);
  if (minScore) query.set('minScore', minScore);
  const path = `/api/reviews?${query.toString()}`;

  const load = useCallback(() => {
    session.auth.request<ReviewList>(path).then(
      (l) => {
        setList(l);
        setError(null);
        // Everyone ever reviewed stays selectable once seen.
        setAgents((known) => {
          const next = new Map(known);
          for (const r of l.items) for (const a of r.agents) next.set(a.userId, a.name);
          return next;
        });
      },
      (e: Error) => setError(e.message),
    );
  }, [path, session.auth]);
  useEffect(load, [load, changes]);

  const exportCsv = async () => {
    const blob = await session.auth.download(`${path}&format=csv`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'qc-reviews.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section aria-label="Reviews" className="wide">
      <div className="row">
        <h3 className="grow">
          Reviews {list && <span className="muted small">({list.total})</span>}
        </h3>
        <select
          aria-label="Reviewed agent"
          value={agent}
          onChange={(e) => setAgent(e.target.value)}
        >
          <option value="">every agent</option>
          {[...agents].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <select aria-label="Ended" value={period} onChange={(e) => setPeriod(e.target.value)}>
          {PERIODS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <input
          aria-label="Minimum score"
          type="number"
          min={0}
          max={100}
          placeholder="min %"
          value={minScore}
          onChange={(e) => setMinScore(e.target.value)}
        />
        <select aria-label="Sort reviews" value={sort} onChange={(e) => setSort(e.target.value)}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button onClick={() => void exportCsv()}>Export reviews CSV</button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table className="reviews">
        <thead>
          <tr>
            <th>Ended</th>
            <th>Agents</th>
            <th>Scorecard</th>
            <th>Score</th>
            <th>Reviewer</th>
            <th>Comment</th>
          </tr>
        </thead>
        <tbody>
          {list?.items.map((r) => (
            <tr key={r.reviewId}>
              <td>{clock(Date.parse(r.endedAt))}</td>
              <td>{r.agents.map((a) => a.name).join(', ') || '—'}</td>
              <td>{r.scorecardName}</td>
              <td className="review-score">{r.percent.toFixed(2)} %</td>
              <td>
                {r.reviewer.name}
                {r.round > 1 && <span className="muted small"> · round {r.round}</span>}
              </td>
              <td>{r.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list && list.items.length === 0 && <p className="muted">No reviews match.</p>}
    </section>
  );
}
