import { useState } from 'react';
import { PLACEHOLDERS, type CannedResponse } from '@pagedesk/contracts';
import { contentOf, draftOf, emptyDraft, type Draft } from '../../agent/compose';
import type { CannedResponseInput } from './useCannedResponseAdmin';
import '../../agent/canned/canned.css';

interface Form {
  readonly shortcut: string;
  readonly title: string;
  readonly queueId: string;
  readonly draft: Draft;
}
const emptyForm: Form = { shortcut: '', title: '', queueId: '', draft: emptyDraft };
const formOf = (r: CannedResponse): Form => ({
  shortcut: r.shortcut,
  title: r.title,
  queueId: r.queueId ?? '',
  draft: draftOf(r.content),
});

/**
 * Supervisors and admins keep the tenant's canned responses: a shortcut agents type after `/`,
 * a title, and the content in the composer's own syntax; the server checks the rest.
 */
export function CannedResponsesEditor({
  responses,
  queues,
  problem,
  onCreate,
  onUpdate,
  onRemove,
}: {
  responses: readonly CannedResponse[];
  queues: readonly { queueId: string; name: string }[];
  problem: string | null;
  onCreate: (input: CannedResponseInput) => Promise<boolean>;
  onUpdate: (id: string, input: CannedResponseInput) => Promise<boolean>;
  onRemove: (id: string) => Promise<boolean>;
}) {
  const [form, setForm] = useState<Form>(emptyForm);
  const [editing, setEditing] = useState<string | null>(null);
  const content = contentOf(form.draft);
  const set = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const setDraft = (change: Partial<Draft>) => set({ draft: { ...form.draft, ...change } });
  const save = async () => {
    if (!content) return;
    const input = {
      shortcut: form.shortcut.trim(),
      title: form.title,
      content,
      queueId: form.queueId || null,
    };
    if (await (editing ? onUpdate(editing, input) : onCreate(input))) {
      setForm(emptyForm);
      setEditing(null);
    }
  };
  const queueName = (id: string | null) =>
    id === null ? 'all queues' : (queues.find((q) => q.queueId === id)?.name ?? id);

  return (
    <section aria-label="Canned responses" className="canned-editor">
      <h2>Canned responses</h2>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <ul>
        {responses.map((r) => (
          <li key={r.cannedResponseId}>
            <strong>/{r.shortcut}</strong> {r.title}{' '}
            <span className="muted small">({queueName(r.queueId)})</span>{' '}
            <button
              aria-label={`Edit /${r.shortcut}`}
              onClick={() => {
                setEditing(r.cannedResponseId);
                setForm(formOf(r));
              }}
            >
              Edit
            </button>{' '}
            <button
              aria-label={`Delete /${r.shortcut}`}
              onClick={() => void onRemove(r.cannedResponseId)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {responses.length === 0 && <p className="muted">No canned responses yet.</p>}
      <form
        aria-label={editing ? 'Edit canned response' : 'New canned response'}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="row">
          <input
            aria-label="Shortcut"
            placeholder="Shortcut, e.g. greet"
            value={form.shortcut}
            maxLength={32}
            onChange={(e) => set({ shortcut: e.target.value.toLowerCase() })}
          />
          <input
            aria-label="Title"
            placeholder="Title"
            value={form.title}
            maxLength={80}
            onChange={(e) => set({ title: e.target.value })}
          />
          <select
            aria-label="Queue"
            value={form.queueId}
            onChange={(e) => set({ queueId: e.target.value })}
          >
            <option value="">All queues</option>
            {queues.map((q) => (
              <option key={q.queueId} value={q.queueId}>
                {q.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Kind"
            value={form.draft.kind}
            onChange={(e) => setDraft({ kind: e.target.value as 'text' | 'buttons' })}
          >
            <option value="text">text</option>
            <option value="buttons">buttons</option>
          </select>
        </div>
        <textarea
          aria-label="Canned text"
          aria-describedby="canned-placeholders"
          placeholder="Hi {{customer.first_name}}, {{agent.name}} here. How can I help?"
          value={form.draft.text}
          onChange={(e) => setDraft({ text: e.target.value })}
        />
        <p id="canned-placeholders" className="small muted">
          Placeholders: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')} (unknown values read
          “there”, “your agent”, “our team”).
        </p>
        {form.draft.kind === 'buttons' && (
          <textarea
            aria-label="Canned buttons"
            placeholder={
              'One button per line (≤ 3):\nTrack my order\nOur shop -> https://shop.example.com'
            }
            value={form.draft.buttons}
            onChange={(e) => setDraft({ buttons: e.target.value })}
          />
        )}
        <div className="row">
          <input
            aria-label="Canned quick replies"
            placeholder="Quick replies: Yes, No, Email, Phone"
            value={form.draft.quickReplies}
            onChange={(e) => setDraft({ quickReplies: e.target.value })}
          />
          <button type="submit" disabled={!content || !form.shortcut.trim() || !form.title.trim()}>
            {editing ? 'Save changes' : 'Add canned response'}
          </button>
          {editing && (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setForm(emptyForm);
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
