import { useEffect, useMemo, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { Session } from '../shared/api';
import { clock } from '../shared/time';
import type { Content, QueueView, Transcript, TranscriptEntry } from '@pagedesk/contracts';
import { UploadSource, UploadView } from '../agent/uploads/UploadView';
import { HistoryTable } from './HistoryTable';
import { useLiveTranscript } from './useLiveTranscript';
import { deskMoment } from './desk-moments';
import { SupervisorNote } from './SupervisorNote';

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
  agent_reacted: 'reacted to a customer message',
};

/** An agent's uploaded file, shown with its preview rather than as words. */
function uploadOf(entry: TranscriptEntry): Extract<Content, { kind: 'upload' }>['upload'] | null {
  const { content } = entry.details as { content?: Content };
  return content?.kind === 'upload' ? content.upload : null;
}

export function describe(entry: TranscriptEntry): string {
  const desk = deskMoment(entry);
  if (desk !== null) return desk;
  if (entry.kind === 'system' || entry.type === 'referral') {
    const who = entry.agent ? ` (${entry.agent.name})` : '';
    return `— ${SYSTEM_WORDS[entry.type] ?? entry.type}${who} —`;
  }
  if (entry.type === 'csat_answer') {
    const { scale, choice } = entry.details as { scale?: string; choice?: string };
    return `Satisfaction: ${scale === 'thumbs' ? (choice === 'up' ? '👍' : '👎') : `${choice ?? '?'} of 5`}`;
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
  socket,
  conversationId,
  queues,
  nameOf,
  onClose,
}: {
  session: Session;
  socket: Socket | null;
  conversationId: string;
  queues: readonly QueueView[];
  nameOf: (userId: string) => string;
  onClose: () => void;
}) {
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [why, setWhy] = useState(false);
  const [queue, setQueue] = useState('');
  const [reply, setReply] = useState('');
  const conversation = `/api/conversations/${encodeURIComponent(conversationId)}`;
  const base = `${conversation}/transcript`;
  // Bumped by each push for this conversation: the transcript (and history) are read again.
  const version = useLiveTranscript(socket, conversationId);
  const uploadSource = useMemo(
    () => ({ auth: session.auth, conversationId }),
    [session.auth, conversationId],
  );

  useEffect(() => {
    session.auth.request<Transcript>(`${base}?format=json`).then(
      (t) => {
        setTranscript(t);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [base, session.auth, version]);

  /** Take over or pass on: the server records it with this supervisor as the actor. */
  const act = (path: 'assign' | 'transfer' | 'messages' | 'close', body: object = {}) =>
    session.auth.request(`${conversation}/${path}`, { body }).then(
      () => true,
      (e: Error) => {
        setError(e.message);
        return false;
      },
    );
  /** After a take-over the supervisor answers here; the server refuses it for a chat they do not hold. */
  const send = async () => {
    const text = reply.trim();
    if (!text) return;
    const sent = await act('messages', {
      clientMessageId: crypto.randomUUID(),
      content: { kind: 'text', text },
    });
    if (sent) setReply('');
  };

  /** Exports need the bearer token, so they are fetched and handed to the browser as a file. */
  const exportAs = async (format: 'txt' | 'csv') => {
    const blob = await session.auth.download(`${base}?format=${format}`);
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
        <button onClick={() => void act('assign', { agentId: session.user.userId })}>
          Take over
        </button>
        <select aria-label="Queue" value={queue} onChange={(e) => setQueue(e.target.value)}>
          <option value="">queue…</option>
          {queues.map((q) => (
            <option key={q.queueId} value={q.queueId}>
              {q.name}
            </option>
          ))}
        </select>
        <button disabled={!queue} onClick={() => void act('transfer', { queue })}>
          Back to queue
        </button>
        <button aria-pressed={why} onClick={() => setWhy(!why)}>
          Why this state?
        </button>
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
      {why && (
        <HistoryTable
          session={session}
          conversationId={conversationId}
          version={version}
          nameOf={nameOf}
        />
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <input
          className="grow"
          aria-label="Reply as supervisor"
          placeholder="After taking over: reply to the customer"
          value={reply}
          onChange={(e) => setReply(e.target.value)}
        />
        <button type="submit">Send</button>
        <button type="button" onClick={() => void act('close')}>
          End chat
        </button>
      </form>
      <SupervisorNote session={session} conversationId={conversationId} onProblem={setError} />
      <UploadSource.Provider value={uploadSource}>
        <ol className="entries">
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
              {uploadOf(e) ? <UploadView upload={uploadOf(e)!} /> : <span>{describe(e)}</span>}
              {e.delivery && <span className="muted small"> · {e.delivery}</span>}
              {e.failure && <span className="failure"> · {e.failure}</span>}
            </li>
          ))}
        </ol>
      </UploadSource.Provider>
    </section>
  );
}
