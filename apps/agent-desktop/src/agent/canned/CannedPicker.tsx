import {
  expandPlaceholders,
  type CannedResponse,
  type PlaceholderValues,
} from '@pagedesk/contracts';
import './canned.css';

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

// Shown as the customer would read it, so the agent picks by what is said.
const preview = (r: CannedResponse, values: PlaceholderValues) =>
  'text' in r.content ? expandPlaceholders(r.content.text, values) : r.title;

/** The listbox under the composer while `/letters` is typed; the textarea keeps focus (a combobox). */
export function CannedPicker({
  listId,
  matches,
  active,
  placeholders,
  onChoose,
}: {
  listId: string;
  matches: readonly CannedResponse[];
  active: number;
  placeholders: PlaceholderValues;
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
          <div className="small muted">{preview(r, placeholders)}</div>
        </li>
      ))}
    </ul>
  );
}
