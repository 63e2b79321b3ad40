import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Thread } from './Thread';
import {
  ATTACHMENT_KINDS,
  displayName,
  type AttachmentKind,
  simulator,
  type Customer,
  type FacebookButton,
  type FacebookQuickReply,
} from './simulator-api';

/** How often the customer's phone looks for new messages; the demo favours liveliness over efficiency. */
const POLL_MS = 700;

export function Simulator() {
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [imageUrl, setImageUrl] = useState('');
  const [kind, setKind] = useState<AttachmentKind>('video');
  const [attachmentUrl, setAttachmentUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const customer = customers.find((c) => c.id === selected) ?? null;

  const load = useCallback(async () => {
    try {
      setCustomers(await simulator.list());
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  // The customer has the thread open: Messenger reports what they have seen.
  const unread = customer?.thread.some((e) => e.from === 'page' && !e.read) ?? false;
  useEffect(() => {
    if (
      customer &&
      unread &&
      document.visibilityState === 'visible' &&
      !customer.ended &&
      !customer.blocked
    )
      void simulator.read(customer.id).catch(() => undefined);
  }, [customer, unread]);

  /** Runs a customer action, then shows the thread as the server now has it. */
  const run = async (action: () => Promise<Customer>) => {
    setError(null);
    try {
      const changed = await action();
      setCustomers((list) => list.map((c) => (c.id === changed.id ? changed : c)));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const create = async (kind: Customer['kind']) => {
    setError(null);
    try {
      const created = await simulator.create(kind);
      setCustomers((list) => [...list, created]);
      setSelected(created.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!customer || !text.trim()) return;
    const body = text.trim();
    setText('');
    void run(() => simulator.say(customer.id, { text: body }));
  };

  const tap = (button: FacebookButton) => {
    if (!customer) return;
    if (button.type === 'postback')
      void run(() => simulator.tap(customer.id, button.title, button.payload ?? ''));
    else if (button.type === 'web_url' && button.url) window.open(button.url, '_blank', 'noopener');
    else setError(`The customer's phone would call ${button.payload}`);
  };

  const quickReply = (reply: FacebookQuickReply) => {
    if (!customer) return;
    // Facebook fills contact quick replies from the customer's profile; the payload is the value itself.
    const value =
      reply.content_type === 'text'
        ? { text: reply.title, quickReplyPayload: reply.payload }
        : reply.content_type === 'user_email'
          ? { text: `${customer.firstName}.${customer.lastName}@example.com`.toLowerCase() }
          : { text: '+15555550123' };
    void run(() =>
      simulator.say(customer.id, {
        ...value,
        quickReplyPayload: value.quickReplyPayload ?? value.text,
      }),
    );
  };

  const last = customer?.thread[customer.thread.length - 1];
  const quickReplies = last?.from === 'page' ? (last.quickReplies ?? []) : [];
  const gone = customer?.ended || customer?.blocked;

  return (
    <div className="simulator">
      <aside>
        <h1>Messenger simulator</h1>
        <p className="small muted">Demo mode: you play the customers of “Pagedesk Demo Shop”.</p>
        <button onClick={() => void create('messenger')}>New Messenger customer</button>
        <button onClick={() => void create('guest')}>New website guest (Chat Plugin)</button>
        <ul className="customers">
          {customers.map((c) => (
            <li key={c.id}>
              <button
                className={c.id === selected ? 'selected' : ''}
                onClick={() => setSelected(c.id)}
              >
                {displayName(c)}
                <span className="small muted">
                  {' '}
                  · {c.kind === 'guest' ? (c.upgradedTo ? 'logged in' : 'guest') : 'Messenger'}
                </span>
                {c.ended && <span className="small muted"> · ended</span>}
                {c.blocked && <span className="small muted"> · blocked the page</span>}
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <main className="phone">
        {!customer && <p className="muted">Create a customer to start a conversation.</p>}
        {customer && (
          <>
            <header>
              <img className="avatar" src={`/simulator/avatar/${customer.id}.svg`} alt="" />
              <strong className="grow">{displayName(customer)}</strong>
              {customer.kind === 'guest' && !customer.upgradedTo && !gone && (
                <>
                  <button onClick={() => void run(() => simulator.upgrade(customer.id))}>
                    Log in with Facebook
                  </button>
                  <button onClick={() => void run(() => simulator.end(customer.id))}>
                    End chat
                  </button>
                </>
              )}
              {!gone && (
                <button onClick={() => void run(() => simulator.block(customer.id))}>
                  Block the page
                </button>
              )}
            </header>
            <Thread
              entries={customer.thread}
              typing={customer.typing}
              onTap={tap}
              onEdit={(mid, edited) => void run(() => simulator.edit(customer.id, mid, edited))}
              onReact={(mid, reaction) =>
                void run(() => simulator.react(customer.id, mid, reaction))
              }
            />
            {quickReplies.length > 0 && !gone && (
              <div className="fb-quick-replies">
                {quickReplies.map((r, i) => (
                  <button key={i} onClick={() => quickReply(r)}>
                    {r.content_type === 'text'
                      ? r.title
                      : r.content_type === 'user_email'
                        ? 'Share my e-mail'
                        : 'Share my phone number'}
                  </button>
                ))}
              </div>
            )}
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <form className="fb-composer" onSubmit={send}>
              <input
                aria-label="Customer message"
                placeholder="Aa"
                value={text}
                disabled={gone}
                onChange={(e) => setText(e.target.value)}
              />
              <button type="submit" disabled={gone || !text.trim()}>
                Send
              </button>
            </form>
            <form
              className="fb-composer"
              onSubmit={(e) => {
                e.preventDefault();
                const url =
                  imageUrl.trim() || `${location.origin}/simulator/avatar/${customer.id}.svg`;
                setImageUrl('');
                void run(() =>
                  simulator.say(customer.id, { attachmentType: 'image', attachmentUrl: url }),
                );
              }}
            >
              <input
                aria-label="Photo URL"
                placeholder="Photo URL (empty: a sample picture)"
                value={imageUrl}
                disabled={gone}
                onChange={(e) => setImageUrl(e.target.value)}
              />
              <button type="submit" disabled={gone}>
                Send photo
              </button>
            </form>
            <form
              className="fb-composer"
              onSubmit={(e) => {
                e.preventDefault();
                const url = attachmentUrl.trim() || undefined;
                setAttachmentUrl('');
                void run(() =>
                  simulator.say(customer.id, { attachmentType: kind, attachmentUrl: url }),
                );
              }}
            >
              <select
                aria-label="Attachment kind"
                value={kind}
                disabled={gone}
                onChange={(e) => setKind(e.target.value as AttachmentKind)}
              >
                {ATTACHMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              <input
                aria-label="Attachment URL"
                placeholder={kind === 'location' ? '(a pin is placed for you)' : 'https://…'}
                value={attachmentUrl}
                disabled={gone || kind === 'location'}
                onChange={(e) => setAttachmentUrl(e.target.value)}
              />
              <button
                type="submit"
                disabled={gone || (kind !== 'location' && !attachmentUrl.trim())}
              >
                Send attachment
              </button>
            </form>
          </>
        )}
      </main>
    </div>
  );
}
