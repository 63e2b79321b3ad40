import { useState } from 'react';
import type { Session } from '../../shared/api';
import type { ScorecardView } from './contract';

interface Row {
  label: string;
  weight: number;
  kind: 'points' | 'yes_no';
  max: number;
}

const EMPTY: Row = { label: '', weight: 1, kind: 'points', max: 5 };

/** Lowercase slug of a name, so the ids a person never types stay readable and deterministic. */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63) || 'item';

function criterionIds(rows: readonly Row[]): string[] {
  const used = new Set<string>();
  return rows.map((row) => {
    const base = slug(row.label);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** Define a scorecard: a name and criteria, each with a weight and a scale. */
export function ScorecardEditor({
  session,
  onSaved,
}: {
  session: Session;
  onSaved: (card: ScorecardView) => void;
}) {
  const [name, setName] = useState('');
  const [rows, setRows] = useState<Row[]>([{ ...EMPTY }]);
  const [error, setError] = useState<string | null>(null);
  const change = (i: number, patch: Partial<Row>) =>
    setRows((all) => all.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const save = async () => {
    const ids = criterionIds(rows);
    try {
      const card = await session.auth.request<ScorecardView>('/api/scorecards', {
        body: {
          scorecardId: slug(name),
          name,
          criteria: rows.map((row, i) => ({
            id: ids[i],
            label: row.label,
            weight: row.weight,
            scale: row.kind === 'points' ? { kind: 'points', max: row.max } : { kind: 'yes_no' },
          })),
        },
      });
      setError(null);
      setName('');
      setRows([{ ...EMPTY }]);
      onSaved(card);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <form
      aria-label="New scorecard"
      className="scorecard-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>New scorecard</h3>
      <input
        aria-label="Scorecard name"
        placeholder="Scorecard name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      {rows.map((row, i) => (
        <div className="row" key={i} role="group" aria-label={`Criterion ${i + 1}`}>
          <input
            aria-label="Criterion"
            placeholder="What is judged"
            className="grow"
            value={row.label}
            onChange={(e) => change(i, { label: e.target.value })}
          />
          <label>
            Weight{' '}
            <input
              aria-label="Weight"
              type="number"
              min={1}
              max={100}
              value={row.weight}
              onChange={(e) => change(i, { weight: Number(e.target.value) })}
            />
          </label>
          <select
            aria-label="Scale"
            value={row.kind}
            onChange={(e) => change(i, { kind: e.target.value as Row['kind'] })}
          >
            <option value="points">points</option>
            <option value="yes_no">yes / no</option>
          </select>
          {row.kind === 'points' && (
            <label>
              0 –{' '}
              <input
                aria-label="Most points"
                type="number"
                min={1}
                max={10}
                value={row.max}
                onChange={(e) => change(i, { max: Number(e.target.value) })}
              />
            </label>
          )}
        </div>
      ))}
      <div className="row">
        <button type="button" onClick={() => setRows((all) => [...all, { ...EMPTY }])}>
          Add criterion
        </button>
        <button type="submit">Save scorecard</button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
