import { useEffect, useRef, useState } from 'react';
import type { WrapUpTagList } from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';
import './closing.css';

/** Closing ends the chat for good, so it is confirmed; the tenant's wrap-up tags say what it was about. */
export function CloseDialog({
  auth,
  onConfirm,
  onCancel,
}: {
  auth: Auth;
  onConfirm: (wrapUpTags: string[]) => void;
  onCancel: () => void;
}) {
  const [tags, setTags] = useState<WrapUpTagList['tags'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const dialog = useRef<HTMLDivElement>(null);

  // Opened from the keyboard too (Alt+C): focus moves in, so Tab reaches the tags and buttons
  // without passing a composer an Enter would send from; it goes back where it was afterwards.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => opener?.focus();
  }, []);

  useEffect(() => {
    let live = true;
    auth
      .request<WrapUpTagList>('/api/wrap-up-tags')
      .then((list) => live && setTags(list.tags))
      .catch((error: Error) => live && setProblem(error.message));
    return () => {
      live = false;
    };
  }, [auth]);

  const toggle = (tagId: string) =>
    setChosen((c) => (c.includes(tagId) ? c.filter((t) => t !== tagId) : [...c, tagId]));

  return (
    <div
      className="close-dialog"
      role="dialog"
      aria-label="Close chat"
      tabIndex={-1}
      ref={dialog}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <p>
        <strong>Close this chat?</strong> You cannot write to the customer in it again; if they
        write, a new chat starts.
      </p>
      {problem && <p className="failure">Wrap-up tags could not be loaded: {problem}</p>}
      {tags && tags.length > 0 && (
        <fieldset>
          <legend>Wrap-up (optional)</legend>
          {tags.map((t) => (
            <label key={t.tagId} className="wrap-up-tag">
              <input
                type="checkbox"
                checked={chosen.includes(t.tagId)}
                onChange={() => toggle(t.tagId)}
              />
              {t.label}
            </label>
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button onClick={onCancel}>Keep open</button>
        <button className="danger" onClick={() => onConfirm(chosen)}>
          Close chat
        </button>
      </div>
    </div>
  );
}
