import { useEffect, useState } from 'react';
import type { Session } from '../shared/api';
import type { ConversationHistory, HistoryLine } from '@pagedesk/contracts';

/**
 * "Why is it in this state": every event of the conversation, with who did it
 * and what caused it (the audit CLI's columns). Re-read with the transcript.
 */
export function HistoryTable({
  session,
  conversationId,
  version,
  nameOf,
}: {
  session: Session;
  conversationId: string;
  version: number;
  nameOf: (actor: string) => string;
}) {
  const [events, setEvents] = useState<readonly HistoryLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    session.auth
      .request<ConversationHistory>(
        `/api/conversations/${encodeURIComponent(conversationId)}/history`,
      )
      .then(
        (h) => setEvents(h.events),
        (e: Error) => setError(e.message),
      );
  }, [conversationId, session.auth, version]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  return (
    <table className="history" aria-label="Event history">
      <thead>
        <tr>
          <th>#</th>
          <th>Recorded at</th>
          <th>Event</th>
          <th>Actor</th>
          <th>Correlation</th>
          <th>Causation</th>
        </tr>
      </thead>
      <tbody>
        {events?.map((e) => (
          <tr key={e.eventId}>
            <td>{e.revision}</td>
            <td>{new Date(e.recordedAt).toLocaleString()}</td>
            <td>{e.type}</td>
            <td>{nameOf(e.actor)}</td>
            <td className="id" title={e.correlationId}>
              {e.correlationId.slice(0, 8)}
            </td>
            <td className="id" title={e.causationId}>
              {e.causationId.slice(0, 8)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
