import { useState } from 'react';
import type { WrapUpTag } from './useWrapUpTags';

/** A label as a tag id: what the server keeps and filters by. */
const slug = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

/** Supervisors keep the tenant's wrap-up tags: add one by its label, remove one; conversations keep theirs. */
export function WrapUpTagsEditor({
  tags,
  problem,
  onSave,
}: {
  tags: readonly WrapUpTag[];
  problem: string | null;
  onSave: (tags: readonly WrapUpTag[]) => Promise<boolean>;
}) {
  const [label, setLabel] = useState('');
  const add = async () => {
    const tagId = slug(label);
    if (!tagId) return;
    if (await onSave([...tags, { tagId, label: label.trim() }])) setLabel('');
  };
  return (
    <section aria-label="Wrap-up tags">
      <h2>Wrap-up tags</h2>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <ul className="wrap-up-tags">
        {tags.map((t) => (
          <li key={t.tagId}>
            {t.label}{' '}
            <button
              aria-label={`Remove ${t.label}`}
              onClick={() => void onSave(tags.filter((o) => o.tagId !== t.tagId))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          aria-label="New wrap-up tag"
          placeholder="e.g. Shipping question"
          value={label}
          maxLength={60}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="submit" disabled={!slug(label)}>
          Add tag
        </button>
      </form>
    </section>
  );
}
