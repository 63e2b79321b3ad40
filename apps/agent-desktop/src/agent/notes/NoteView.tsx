import { useState } from 'react';
import type { NotePush } from '@pagedesk/contracts';
import { clock } from '../../shared/time';
import './notes.css';

/** A note in the chat: plainly not a message, so nobody mistakes it for something the customer saw. */
export function NoteView({ note }: { note: NotePush }) {
  return (
    <li className="note" aria-label="Internal note">
      <div className="small note-label">
        Internal note · {note.authorName ?? note.authorId} · not sent to the customer
      </div>
      <div className="note-text">{note.text}</div>
      <footer className="small muted">{clock(note.at)}</footer>
    </li>
  );
}

/** Writes a note for colleagues; it goes to the server, never to Messenger. */
export function NoteForm({
  onSave,
  onCancel,
}: {
  onSave: (text: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    const saved = await onSave(text.trim());
    setSaving(false);
    if (saved) onCancel();
  };
  return (
    <div className="note-form">
      <label>
        Internal note (only colleagues see it)
        <textarea value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="actions">
        <button onClick={onCancel}>Cancel</button>
        <button disabled={!text.trim() || saving} onClick={() => void save()}>
          Save note
        </button>
      </div>
    </div>
  );
}
