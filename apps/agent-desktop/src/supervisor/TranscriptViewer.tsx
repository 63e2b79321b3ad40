import { useEffect, useState } from 'react';
import { download, request, type Session } from '../shared/api';
import { clock } from '../shared/time';
import type { Transcript, TranscriptEntry } from '@pagedesk/contracts';

const SYSTEM_WORDS: Record<string, string> = {
  queued: 'queued',
  assigned: 'assigned',
  transferred: 'transferred',
  requeued: 'back to the queue',
  contact_shared: 'shared contact details',
  closed: 'closed by the agent',
  customer_ended: 'ended by the customer',
  expired: 'expired',
  unreachable: 'customer unreachable',
  referral: 'arrived via a link or plugin',
};

function describe(entry: TranscriptEntry): string {
  if (entry.kind === 'system' || entry.type === 'referral') {
    const who = entry.agent ? ` (${entry.agent.name})` : '';
    return `— ${SYSTEM_WORDS[entry.type] ?? entry.type}${who} —`;
  }
  if (entry.text) return entry.text;
  const details = entry.details as {
    attachments?: { type: string }[];
    content?: { kind?: string };
  };
  if (details.content?.kind) return `[${details.content.kind}]`;
  if (details.attachments?.length) return `[${details.attachments.map((a) => a.type).join(', ')}]`;
  return '';
}

export function TranscriptViewer({
  session,
  conversationId,
  onClose,
}: {
  session: Session;
  conversationId: string;
  onClose: () => void;
}) {
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/conversations/${encodeURIComponent(conversationId)}/transcript`;

  useEffect(() => {
    setTranscript(null);
    request<Transcript>(`${base}?format=json`, { token: session.token }).then(
      setTranscript,
      (e: Error) => setError(e.message),
    );
  }, [base, session.token]);

  /** Exports need the bearer token, so they are fetched and handed to the browser as a file. */
  const exportAs = async (format: 'txt' | 'csv') => {
    const blob = await download(`${base}?format=${format}`, session.token);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `transcript-${conversationId}.${format}`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section className="transcript-viewer" aria-label="Transcript">
      <header>
        <h2 className="grow">
          Transcript{transcript?.customerName ? ` · ${transcript.customerName}` : ''}
        </h2>
        <button onClick={() => void exportAs('txt')}>Export text</button>
        <button onClick={() => void exportAs('csv')}>Export CSV</button>
        <button onClick={onClose}>Close</button>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!transcript && !error && <p className="muted">Loading…</p>}
      <ol className="entries">
        {transcript?.entries.map((e) => (
          <li key={e.id} className={`entry entry-${e.kind}`}>
            <span className="muted small">{clock(e.at)}</span>{' '}
            <strong>
              {e.kind === 'agent' ? (e.agent?.name ?? 'agent') : e.kind === 'system' ? '' : e.kind}
            </strong>{' '}
            <span>{describe(e)}</span>
            {e.delivery && <span className="muted small"> · {e.delivery}</span>}
            {e.failure && <span className="failure"> · {e.failure}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
