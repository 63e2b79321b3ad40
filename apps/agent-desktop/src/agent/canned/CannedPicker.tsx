import type { CannedResponse } from '@pagedesk/contracts';
import './canned.css';

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

const preview = (r: CannedResponse) => ('text' in r.content ? r.content.text : r.title);

/** The listbox under the composer while `/letters` is typed; the textarea keeps focus (a combobox). */
export function CannedPicker({
  listId,
  matches,
  active,
  onChoose,
}: {
  listId: string;
  matches: readonly CannedResponse[];
  active: number;
  onChoose: (response: CannedResponse) => void;
}) {
  return (
    <ul id={listId} role="listbox" aria-label="Canned responses" className="canned-picker">
      {matches.map((r, i) => (
        <li
          key={r.cannedResponseId}
          id={optionId(listId, i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : ''}
          // Keeps focus in the textarea, so the keyboard flow goes on after a click.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(r)}
        >
          <strong>/{r.shortcut}</strong> {r.title}
          <div className="small muted">{preview(r)}</div>
        </li>
      ))}
    </ul>
  );
}
