import { useEffect, useState } from 'react';
import type { Session } from '../../shared/api';
import { clock } from '../../shared/time';
import { describe } from '../TranscriptViewer';
import type { Transcript } from '@pagedesk/contracts';
import type { ScorecardView, ScoreOutcome } from './contract';

type Mark = { value: string; comment: string };

/** '' is not marked yet, 'na' not applicable; points as digits, yes/no as 'yes' / 'no'. */
const valueOf = (raw: string): number | boolean | null =>
  raw === 'na' ? null : raw === 'yes' ? true : raw === 'no' ? false : Number(raw);

/** Read an ended conversation's transcript and mark it against a scorecard. */
export function ScoreForm({
  session,
  conversationId,
  scorecards,
  onScored,
  onClose,
}: {
  session: Session;
  conversationId: string;
  scorecards: readonly ScorecardView[];
  onScored: () => void;
  onClose: () => void;
}) {
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [cardId, setCardId] = useState(scorecards[0]?.scorecardId ?? '');
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [comment, setComment] = useState('');
  const [result, setResult] = useState<ScoreOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const card = scorecards.find((c) => c.scorecardId === cardId);

  useEffect(() => {
    session.auth
      .request<Transcript>(`/api/conversations/${encodeURIComponent(conversationId)}/transcript`)
      .then(setTranscript, (e: Error) => setError(e.message));
  }, [conversationId, session.auth]);

  const mark = (id: string, patch: Partial<Mark>) =>
    setMarks((all) => ({ ...all, [id]: { ...(all[id] ?? { value: '', comment: '' }), ...patch } }));

  const submit = async () => {
    if (!card) return;
    // An unmarked criterion is not a zero: ask for a mark (or n/a) instead of guessing one.
    const unmarked = card.criteria.filter((c) => !marks[c.id]?.value);
    if (unmarked.length > 0) {
      setError(`Mark every criterion (or n/a): ${unmarked.map((c) => c.label).join(', ')}`);
      return;
    }
    try {
      const outcome = await session.auth.request<ScoreOutcome>(
        `/api/conversations/${encodeURIComponent(conversationId)}/reviews`,
        {
          body: {
            scorecardId: card.scorecardId,
            values: card.criteria.map((c) => ({
              criterionId: c.id,
              value: valueOf(marks[c.id]?.value ?? ''),
              comment: marks[c.id]?.comment ?? '',
            })),
            comment,
          },
        },
      );
      setResult(outcome);
      setError(null);
      onScored();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section aria-label="Score conversation" className="wide score-form">
      <div className="row">
        <h3 className="grow">Score {transcript?.customerName ?? 'conversation'}</h3>
        <button onClick={onClose}>Close</button>
      </div>
      <div className="qc-split">
        <ol className="entries" aria-label="Transcript to score">
          {transcript?.entries.map((e) => (
            <li key={e.id} className={`entry entry-${e.kind}`}>
              <span className="muted small">{clock(e.at)}</span>{' '}
              <strong>
                {e.kind === 'agent'
                  ? (e.agent?.name ?? 'agent')
                  : e.kind === 'system'
                    ? ''
                    : e.kind}
              </strong>{' '}
              <span>{describe(e)}</span>
            </li>
          ))}
        </ol>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <select aria-label="Scorecard" value={cardId} onChange={(e) => setCardId(e.target.value)}>
            {scorecards.map((c) => (
              <option key={c.scorecardId} value={c.scorecardId}>
                {c.name}
              </option>
            ))}
          </select>
          {card?.criteria.map((c) => (
            <div key={c.id} role="group" aria-label={c.label} className="row">
              <span className="grow">
                {c.label} <span className="muted small">×{c.weight}</span>
              </span>
              <select
                aria-label={`${c.label} mark`}
                value={marks[c.id]?.value ?? ''}
                onChange={(e) => mark(c.id, { value: e.target.value })}
              >
                <option value="">—</option>
                {c.scale.kind === 'yes_no'
                  ? ['yes', 'no'].map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))
                  : Array.from(
                      { length: (c.scale.kind === 'points' ? c.scale.max : 0) + 1 },
                      (_, v) => (
                        <option key={v} value={String(v)}>
                          {v}
                        </option>
                      ),
                    )}
                <option value="na">n/a</option>
              </select>
              <input
                aria-label={`${c.label} comment`}
                placeholder="comment"
                value={marks[c.id]?.comment ?? ''}
                onChange={(e) => mark(c.id, { comment: e.target.value })}
              />
            </div>
          ))}
          <textarea
            aria-label="Review comment"
            placeholder="Overall comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" disabled={!card}>
            Submit review
          </button>
          {result && (
            <p role="status">
              Scored {result.percent.toFixed(2)} %
              {result.round > 1 ? ` (replaces your review, round ${result.round})` : ''}
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}
