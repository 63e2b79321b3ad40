import { useEffect, useMemo, useState } from 'react';
import type { ChatPush, CustomerContextView, Transcript } from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';
import { describe } from '../../supervisor/TranscriptViewer';
import { Avatar } from '../Avatar';
import { plural } from '../layout/plural';
import { channelLabel, referralLabel, withPushes } from './customer-context';
import './customer-panel.css';

const day = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const CONTACT: Record<string, string> = { email: 'E-mail', phone: 'Phone' };

/**
 * Beside the open chat: who the customer is, what they shared, how they came,
 * and their earlier conversations, each readable (read-only) in place.
 */
export function CustomerPanel({
  auth,
  conversationId,
  pushes,
}: {
  auth: Auth;
  conversationId: string;
  pushes: readonly ChatPush[];
}) {
  const base = `/api/desk/conversations/${encodeURIComponent(conversationId)}/customer`;
  const [answer, setAnswer] = useState<CustomerContextView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    auth.request<CustomerContextView>(base).then(
      (c) => live && setAnswer(c),
      (e: Error) => live && setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [auth, base]);

  const context = useMemo(() => answer && withPushes(answer, pushes), [answer, pushes]);
  if (!context)
    return (
      <aside className="customer-panel" aria-label="Customer">
        <p className="muted small">
          {problem ? `Customer details unavailable: ${problem}` : 'Loading customer…'}
        </p>
      </aside>
    );
  const { customer } = context;
  const previous = context.previousConversations;
  return (
    <aside className="customer-panel" aria-label="Customer">
      <header>
        <Avatar customer={{ ...customer, guest: context.channel === 'chat_plugin_guest' }} />
        <strong className="customer-name">{customer.name ?? 'Name not known yet'}</strong>
      </header>
      <dl>
        <dt>Page</dt>
        <dd>{context.pageName ?? context.pageId}</dd>
        <dt>Channel</dt>
        <dd>{channelLabel(context.channel)}</dd>
        {context.referrals.length > 0 && (
          <>
            <dt>Came from</dt>
            {context.referrals.map((r) => (
              <dd key={`${r.conversationId}:${r.at}:${r.type}`}>{referralLabel(r)}</dd>
            ))}
          </>
        )}
        {context.contacts.map((c) => (
          <div key={`${c.kind}:${c.value}`} className="contact">
            <dt>{CONTACT[c.kind] ?? c.kind}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
      </dl>
      <h3>{plural(previous.length, 'previous conversation')}</h3>
      <ul className="previous">
        {previous.map((c) => (
          <li key={c.conversationId}>
            <button onClick={() => setReading(c.conversationId)}>
              {day(c.startedAt)} · {channelLabel(c.channel)}
            </button>
          </li>
        ))}
      </ul>
      {reading && (
        <EarlierTranscript
          auth={auth}
          path={`${base}/conversations/${encodeURIComponent(reading)}/transcript`}
          onClose={() => setReading(null)}
        />
      )}
    </aside>
  );
}

function EarlierTranscript({
  auth,
  path,
  onClose,
}: {
  auth: Auth;
  path: string;
  onClose: () => void;
}) {
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    auth.request<Transcript>(path).then(
      (t) => live && setTranscript(t),
      (e: Error) => live && setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [auth, path]);

  return (
    <section className="earlier-transcript" aria-label="Earlier conversation (read-only)">
      <header>
        <strong className="grow">Earlier conversation · read-only</strong>
        <button onClick={onClose}>Close transcript</button>
      </header>
      {problem && <p role="alert">{problem}</p>}
      {!transcript && !problem && <p className="muted small">Loading…</p>}
      <ol>
        {transcript?.entries.map((entry) => (
          <li key={entry.id} className={`earlier-${entry.kind}`}>
            <span className="muted small">
              {entry.kind === 'customer' ? 'Customer' : (entry.agent?.name ?? entry.kind)}:{' '}
            </span>
            {describe(entry)}
          </li>
        ))}
      </ol>
    </section>
  );
}
