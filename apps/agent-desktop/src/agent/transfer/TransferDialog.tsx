import { useEffect, useState } from 'react';
import type { TransferAgent, TransferTargets } from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';
import './transfer.css';

export type TransferChoice = ({ toAgentId: string } | { toQueueId: string }) & {
  note?: string;
};

const STATUS: Record<TransferAgent['status'], string> = {
  ready: 'Ready',
  not_ready: 'Not ready',
  away: 'Away',
  offline: 'Offline',
};

const chats = (n: number) => `${n} ${n === 1 ? 'chat' : 'chats'}`;

/** Choose a colleague (by name, with status and load) or a queue, add a note for them, hand the chat on. */
export function TransferDialog({
  auth,
  currentQueue,
  onTransfer,
  onCancel,
}: {
  auth: Auth;
  currentQueue: string | null;
  onTransfer: (choice: TransferChoice) => void;
  onCancel: () => void;
}) {
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [choice, setChoice] = useState<string>('');
  const [note, setNote] = useState('');

  useEffect(() => {
    let live = true;
    auth
      .request<TransferTargets>('/api/desk/transfer-targets')
      .then((t) => live && setTargets(t))
      .catch((error: Error) => live && setProblem(error.message));
    return () => {
      live = false;
    };
  }, [auth]);

  const submit = () => {
    const [kind, id] = [
      choice.slice(0, choice.indexOf(':')),
      choice.slice(choice.indexOf(':') + 1),
    ];
    const extra = note.trim() ? { note: note.trim() } : {};
    onTransfer(kind === 'agent' ? { toAgentId: id, ...extra } : { toQueueId: id, ...extra });
  };

  return (
    <div className="transfer-dialog" role="dialog" aria-label="Transfer chat">
      {problem && <p className="failure">Colleagues could not be loaded: {problem}</p>}
      {!targets && !problem && <p className="muted">Loading colleagues…</p>}
      {targets && (
        <>
          <fieldset>
            <legend>To a colleague</legend>
            {targets.agents.length === 0 && <p className="muted">No other agents.</p>}
            {targets.agents.map((a) => (
              <label key={a.agentId} className={`target status-${a.status}`}>
                <input
                  type="radio"
                  name="transfer-target"
                  value={`agent:${a.agentId}`}
                  checked={choice === `agent:${a.agentId}`}
                  onChange={(e) => setChoice(e.target.value)}
                />
                <span className="grow">{a.name}</span>
                <span className="muted small">
                  {STATUS[a.status]} · {chats(a.load)} of {a.capacity}
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Or to a queue</legend>
            {targets.queues.map((q) => (
              <label key={q.queueId} className="target">
                <input
                  type="radio"
                  name="transfer-target"
                  value={`queue:${q.queueId}`}
                  checked={choice === `queue:${q.queueId}`}
                  onChange={(e) => setChoice(e.target.value)}
                />
                <span className="grow">
                  {q.name}
                  {q.queueId === currentQueue && <span className="tag">this chat’s queue</span>}
                </span>
                <span className="muted small">{q.waiting} waiting</span>
              </label>
            ))}
          </fieldset>
        </>
      )}
      <label className="note-field">
        Note for the colleague (optional)
        <textarea value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button onClick={onCancel}>Cancel</button>
        <button disabled={!choice} onClick={submit}>
          Transfer
        </button>
      </div>
    </div>
  );
}

/** On a chat that reached this agent by a transfer: who handed it on, and what they said. */
export function TransferNotice({
  transfer,
}: {
  transfer:
    { fromName: string | null; fromAgentId: string; note: string | null } | null | undefined;
}) {
  if (!transfer) return null;
  return (
    <p className="transfer-notice" role="note">
      Transferred by <strong>{transfer.fromName ?? transfer.fromAgentId}</strong>
      {transfer.note && <>: “{transfer.note}”</>}
    </p>
  );
}
