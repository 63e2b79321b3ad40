import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { contentOf, draftOf, emptyDraft, type ComposeKind, type Draft } from './compose';
import {
  expandCannedContent,
  matchCannedResponses,
  shortcutQuery,
  type CannedResponse,
  type Content,
  type PlaceholderValues,
} from '@pagedesk/contracts';
import { CannedPicker, optionId } from './canned/CannedPicker';

/** Messenger shows "typing…" for a while after typing_on; idle this long, and we say typing_off. */
const TYPING_IDLE_MS = 3000;

export function Composer({
  disabled,
  onSend,
  onTyping,
  canned = [],
  placeholders = {},
}: {
  disabled: boolean;
  onSend: (content: Content) => void;
  onTyping: (on: boolean) => void;
  /** Offered when the message is `/` and letters (docs/canned-responses.md). */
  canned?: readonly CannedResponse[];
  placeholders?: PlaceholderValues;
}) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const content = contentOf(draft);
  const picker = useCannedChoice(draft.text, canned);
  const listId = useId();

  const stopTyping = () => {
    if (typingTimer.current === null) return;
    clearTimeout(typingTimer.current);
    typingTimer.current = null;
    onTyping(false);
  };
  const edit = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    if (typingTimer.current === null) onTyping(true);
    else clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const choose = (response: CannedResponse) => {
    // Filled, not sent: the agent reads and may edit it first.
    edit(draftOf(expandCannedContent(response.content, placeholders)));
  };
  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (picker.handle(e, choose)) return;
    if (e.key === 'Enter' && !e.shiftKey && draft.kind === 'text') submit(e);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!content) return;
    stopTyping();
    onSend(content);
    setDraft((d) => ({ ...emptyDraft, kind: d.kind }));
  };

  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer-kinds" role="tablist">
        {(['text', 'buttons', 'carousel', 'attachment'] as ComposeKind[]).map((kind) => (
          <button
            type="button"
            role="tab"
            key={kind}
            aria-selected={draft.kind === kind}
            className={draft.kind === kind ? 'selected' : ''}
            onClick={() => setDraft((d) => ({ ...d, kind }))}
          >
            {kind}
          </button>
        ))}
      </div>
      {picker.open && (
        <CannedPicker
          listId={listId}
          matches={picker.matches}
          active={picker.active}
          placeholders={placeholders}
          onChoose={choose}
        />
      )}
      {(draft.kind === 'text' || draft.kind === 'buttons') && (
        <textarea
          aria-label="Message"
          placeholder="Write a reply… (/ for canned responses; a message of just Email or Phone asks the customer for it)"
          value={draft.text}
          disabled={disabled}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={picker.open}
          aria-controls={picker.open ? listId : undefined}
          aria-activedescendant={picker.open ? optionId(listId, picker.active) : undefined}
          onChange={(e) => edit({ text: e.target.value })}
          onKeyDown={keyDown}
        />
      )}
      {draft.kind === 'buttons' && (
        <textarea
          aria-label="Buttons"
          placeholder={
            'One button per line (≤ 3):\nTrack my order\nCall us -> +15551234567\nOur shop -> https://shop.example.com'
          }
          value={draft.buttons}
          disabled={disabled}
          onChange={(e) => edit({ buttons: e.target.value })}
        />
      )}
      {draft.kind === 'carousel' && (
        <textarea
          aria-label="Cards"
          placeholder={
            'One card per line: Title | subtitle | image URL | Button; Button\nTrail boots | Waterproof, 2 colours | | Buy boots; Details -> https://shop.example.com/boots'
          }
          value={draft.cards}
          disabled={disabled}
          onChange={(e) => edit({ cards: e.target.value })}
        />
      )}
      {draft.kind === 'attachment' && (
        <div className="row">
          <select
            aria-label="Attachment type"
            value={draft.attachmentType}
            onChange={(e) => edit({ attachmentType: e.target.value as Draft['attachmentType'] })}
          >
            <option value="image">image</option>
            <option value="video">video</option>
            <option value="audio">audio</option>
            <option value="file">file</option>
          </select>
          <input
            aria-label="Attachment URL"
            placeholder="https://…"
            value={draft.attachmentUrl}
            disabled={disabled}
            onChange={(e) => edit({ attachmentUrl: e.target.value })}
          />
        </div>
      )}
      <div className="row">
        <input
          aria-label="Quick replies"
          placeholder="Quick replies: Yes, No, Email, Phone"
          value={draft.quickReplies}
          disabled={disabled}
          onChange={(e) => edit({ quickReplies: e.target.value })}
        />
        <button type="submit" disabled={disabled || !content}>
          Send
        </button>
      </div>
    </form>
  );
}

/**
 * Which canned responses `/letters` offers and which one the arrows point at; Escape hides
 * the list until the text changes.
 */
function useCannedChoice(text: string, canned: readonly CannedResponse[]) {
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const [queryAt, setQueryAt] = useState<string | null>(null);
  const query = shortcutQuery(text);
  const matches = query === null ? [] : matchCannedResponses(canned, query);
  const open = matches.length > 0 && dismissedAt !== text;
  // A new query starts at the best match again.
  if (queryAt !== query) {
    setQueryAt(query);
    setActive(0);
  }
  const current = Math.min(active, Math.max(matches.length - 1, 0));
  const handle = (
    e: KeyboardEvent<HTMLTextAreaElement>,
    choose: (response: CannedResponse) => void,
  ): boolean => {
    if (!open) return false;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    if (e.key in moves) {
      setActive((current + moves[e.key]! + matches.length) % matches.length);
    } else if (e.key === 'Enter' && !e.shiftKey) {
      choose(matches[current]!);
    } else if (e.key === 'Escape') {
      setDismissedAt(text);
    } else return false;
    // The desk's own shortcuts (Escape, Enter to send) must not see a key the list took.
    e.preventDefault();
    e.stopPropagation();
    return true;
  };
  return { open, matches, active: current, handle };
}
