import { useCallback, useEffect, useState } from 'react';
import type { Session } from '../../shared/api';
import { clock } from '../../shared/time';
import type { ConversationPage, ConversationSummary } from '@pagedesk/contracts';
import type { ScorecardList, ScorecardView } from './contract';
import { ReviewsTable } from './ReviewsTable';
import { ScorecardEditor } from './ScorecardEditor';
import { ScoreForm } from './ScoreForm';

const ENDED = ['closed', 'customer_ended', 'expired', 'unreachable'];

/** The QC tab: scorecards, ended conversations to score, and the reviews (docs/quality-control.md). */
export function QualityPanel({ session }: { session: Session }) {
  const [cards, setCards] = useState<readonly ScorecardView[]>([]);
  const [ended, setEnded] = useState<readonly ConversationSummary[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [scored, setScored] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const manages = session.user.role === 'admin' || session.user.role === 'supervisor';
  const scores = session.user.role === 'supervisor' || session.user.role === 'qc';

  const loadCards = useCallback(() => {
    session.auth.request<ScorecardList>('/api/scorecards').then(
      (l) => setCards(l.items),
      (e: Error) => setError(e.message),
    );
  }, [session.auth]);
  useEffect(loadCards, [loadCards]);
  useEffect(() => {
    Promise.all(
      ENDED.map((status) =>
        session.auth.request<ConversationPage>(`/api/conversations?status=${status}&limit=50`),
      ),
    ).then(
      (pages) =>
        setEnded(
          pages.flatMap((p) => p.items).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0)),
        ),
      (e: Error) => setError(e.message),
    );
  }, [session.auth, scored]);

  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <section aria-label="Scorecards">
        <h2>Scorecards</h2>
        <ul className="scorecards">
          {cards.map((c) => (
            <li key={c.scorecardId}>
              <strong>{c.name}</strong>{' '}
              <span className="muted small">
                {c.criteria.map((k) => `${k.label} ×${k.weight}`).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
        {cards.length === 0 && <p className="muted">No scorecards yet.</p>}
        {manages && <ScorecardEditor session={session} onSaved={loadCards} />}
      </section>
      <section aria-label="Ended conversations">
        <h2>Ended conversations</h2>
        <table className="ended">
          <tbody>
            {ended.map((c) => (
              <tr key={c.conversationId} className={open === c.conversationId ? 'selected' : ''}>
                <td>{c.closedAt ? clock(c.closedAt) : '—'}</td>
                <td>{c.customer.name ?? (c.customer.guest ? 'Website visitor' : c.customer.id)}</td>
                <td>{c.status.replace('_', ' ')}</td>
                <td>
                  {scores && (
                    <button disabled={cards.length === 0} onClick={() => setOpen(c.conversationId)}>
                      Score
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {ended.length === 0 && <p className="muted">No ended conversations yet.</p>}
      </section>
      {open && (
        <ScoreForm
          key={open}
          session={session}
          conversationId={open}
          scorecards={cards}
          onScored={() => setScored((n) => n + 1)}
          onClose={() => setOpen(null)}
        />
      )}
      <ReviewsTable session={session} changes={scored} />
    </>
  );
}
