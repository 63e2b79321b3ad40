import { useRef, useState, type FormEvent } from 'react';
import { contentOf, emptyDraft, type ComposeKind, type Draft } from './compose';
import type { Content } from '@pagedesk/contracts';

/** Messenger shows "typing…" for a while after typing_on; idle this long, and we say typing_off. */
const TYPING_IDLE_MS = 3000;

export function Composer({
  disabled,
  onSend,
  onTyping,
}: {
  disabled: boolean;
  onSend: (content: Content) => void;
  onTyping: (on: boolean) => void;
}) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const content = contentOf(draft);

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
      {(draft.kind === 'text' || draft.kind === 'buttons') && (
        <textarea
          aria-label="Message"
          placeholder="Write a reply… (a message of just Email or Phone asks the customer for it)"
          value={draft.text}
          disabled={disabled}
          onChange={(e) => edit({ text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && draft.kind === 'text') submit(e);
          }}
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
