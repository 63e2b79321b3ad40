import { useEffect, useRef, useState } from 'react';
import { clock } from '../shared/time';
import type { FacebookButton, ThreadEntry } from './simulator-api';

/** A Messenger conversation as the customer sees it: the page's bubbles on the left, theirs on the right. */
export function Thread({
  entries,
  typing,
  onTap,
  onEdit,
  onReact,
}: {
  entries: readonly ThreadEntry[];
  typing: boolean;
  onTap: (button: FacebookButton) => void;
  onEdit: (mid: string, text: string) => void;
  onReact: (mid: string, reaction: 'love' | null) => void;
}) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [entries.length, typing]);
  return (
    <ol className="thread" ref={list}>
      {entries.map((e) => (
        <li key={e.mid} className={`fb-bubble from-${e.from}`}>
          {e.postback && <p>{e.postback.title}</p>}
          {e.text && e.from === 'customer' && !e.postback ? (
            <EditableText text={e.text} onSave={(text) => onEdit(e.mid, text)} />
          ) : (
            e.text && <p>{e.text}</p>
          )}
          {e.attachment &&
            (e.attachment.type === 'image' ? (
              <img className="attachment" src={e.attachment.url} alt="" />
            ) : (
              <p>
                📎{' '}
                <a href={e.attachment.url} target="_blank" rel="noopener noreferrer">
                  {e.attachment.name ?? e.attachment.url}
                </a>
              </p>
            ))}
          {e.template?.template_type === 'button' && (
            <div className="fb-template">
              <p>{e.template.text}</p>
              <Buttons buttons={e.template.buttons} onTap={onTap} />
            </div>
          )}
          {e.template?.template_type === 'generic' && (
            <div className="fb-carousel">
              {e.template.elements.map((card, i) => (
                <div className="fb-card" key={i}>
                  {card.image_url && <img src={card.image_url} alt="" />}
                  <strong>{card.title}</strong>
                  {card.subtitle && <div className="small">{card.subtitle}</div>}
                  <Buttons buttons={card.buttons ?? []} onTap={onTap} />
                </div>
              ))}
            </div>
          )}
          {e.pageReaction && (
            <span className="fb-reaction" role="img" aria-label={`Page reacted ${e.pageReaction}`}>
              {e.pageReaction}
            </span>
          )}
          {e.from === 'page' && (
            <button
              className="fb-react"
              aria-pressed={e.customerReaction !== undefined}
              onClick={() => onReact(e.mid, e.customerReaction ? null : 'love')}
            >
              {e.customerReaction ? `${e.customerReaction} Remove reaction` : '❤️ React'}
            </button>
          )}
          <span className="small muted">
            {e.editCount ? 'edited · ' : ''}
            {clock(e.at)}
            {e.from === 'customer' ? '' : e.read ? ' · seen' : e.delivered ? ' · delivered' : ''}
          </span>
        </li>
      ))}
      {typing && (
        <li className="fb-bubble from-page typing" aria-label="typing">
          <span>•••</span>
        </li>
      )}
    </ol>
  );
}

function Buttons({
  buttons,
  onTap,
}: {
  buttons: readonly FacebookButton[];
  onTap: (b: FacebookButton) => void;
}) {
  return (
    <div className="fb-buttons">
      {buttons.map((b, i) => (
        <button key={i} onClick={() => onTap(b)}>
          {b.title}
        </button>
      ))}
    </div>
  );
}

/** The customer's own text, which Messenger lets them change after sending. */
function EditableText({ text, onSave }: { text: string; onSave: (text: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null)
    return (
      <p>
        {text}{' '}
        <button className="fb-edit" onClick={() => setDraft(text)}>
          Edit
        </button>
      </p>
    );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim() && draft.trim() !== text) onSave(draft.trim());
        setDraft(null);
      }}
    >
      <input aria-label="Edit message" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit">Save edit</button>
    </form>
  );
}
