import { useState } from 'react';
import type { Session } from '../shared/api';

/** A supervisor's internal note on the conversation: the agent who has it sees it at once; the customer never. */
export function SupervisorNote({
  session,
  conversationId,
  onProblem,
}: {
  session: Session;
  conversationId: string;
  onProblem: (message: string) => void;
}) {
  const [text, setText] = useState('');
  const save = async () => {
    const path = `/api/conversations/${encodeURIComponent(conversationId)}/notes`;
    try {
      await session.auth.request(path, { body: { noteId: crypto.randomUUID(), text } });
      setText('');
    } catch (error) {
      onProblem((error as Error).message);
    }
  };
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        className="grow"
        aria-label="Internal note"
        placeholder="Internal note for the agents (never sent to the customer)"
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={!text.trim()}>
        Add note
      </button>
    </form>
  );
}
