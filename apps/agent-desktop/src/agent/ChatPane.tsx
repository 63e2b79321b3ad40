import { useEffect, useMemo, useRef, useState } from 'react';
import { Avatar, customerName } from './Avatar';
import { chatView } from './chat-view';
import { Composer } from './Composer';
import { firstNameOf, type AgentReaction, type Content, type EndReason } from '@pagedesk/contracts';
import type { Chat } from './desk-state';
import { ContentView, MessageBubble } from './MessageBubble';
import type { Auth } from '../shared/auth';
import { TransferDialog, TransferNotice, type TransferChoice } from './transfer/TransferDialog';
import { interleave, notesOf } from './notes/notes';
import { NoteForm, NoteView } from './notes/NoteView';
import { CloseDialog } from './closing/CloseDialog';
import { useCannedResponses } from './canned/useCannedResponses';
import { UploadBar } from './uploads/UploadBar';
import { useUploads } from './uploads/useUploads';
import { PendingUploadBubble, UploadSource } from './uploads/UploadView';

const ENDINGS: Record<EndReason, string> = {
  agent_closed: 'You closed this chat.',
  expired: 'This chat expired: the customer did not write for too long.',
  customer_ended: 'The customer ended the chat.',
  recipient_unavailable: 'The customer cannot be reached any more (they left or blocked the page).',
  transferred: 'This chat was transferred.',
  requeued: 'This chat went back to the queue while you were away.',
};

export function ChatPane({
  chat,
  onSend,
  onTyping,
  onClose,
  onTransfer,
  onDismiss,
  onReact,
  onNote,
  auth,
}: {
  chat: Chat;
  auth: Auth;
  onSend: (content: Content, clientMessageId?: string) => void;
  onTyping: (on: boolean) => void;
  onClose: (wrapUpTags: string[]) => void;
  onTransfer: (choice: TransferChoice) => void;
  onDismiss: () => void;
  onReact: (messageId: string, reaction: AgentReaction | null) => void;
  onNote: (text: string) => Promise<boolean>;
}) {
  const view = useMemo(() => chatView(chat), [chat]);
  const [transferring, setTransferring] = useState(false);
  const [noting, setNoting] = useState(false);
  const [closing, setClosing] = useState(false);
  const lines = useMemo(() => interleave(view.messages, notesOf(chat)), [view.messages, chat]);
  const list = useRef<HTMLOListElement>(null);
  const name = customerName(view.customer);
  const canned = useCannedResponses(auth, chat.description.queue);
  const placeholders = useMemo(
    () => ({
      'customer.name': view.customer?.name ?? null,
      'customer.first_name': firstNameOf(view.customer?.name),
      'agent.name': auth.user.displayName,
      'page.name': chat.description.pageName ?? null,
    }),
    [view.customer, auth.user.displayName, chat.description.pageName],
  );
  const recorded = useMemo(
    () =>
      new Set(
        chat.pushes.flatMap((p) =>
          p.name === 'chat:message' && p.payload.clientMessageId ? [p.payload.clientMessageId] : [],
        ),
      ),
    [chat.pushes],
  );
  const uploads = useUploads(auth, chat.description.conversationId, recorded);
  const uploadSource = useMemo(
    () => ({ auth, conversationId: chat.description.conversationId }),
    [auth, chat.description.conversationId],
  );
  const [dropping, setDropping] = useState(false);
  const canUpload = !view.ended && uploads.ready;

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [lines.length, chat.outgoing.length, uploads.pending.length]);

  return (
    <section
      className={`chat-pane${dropping ? ' dropping' : ''}`}
      aria-label={`Chat with ${name}`}
      data-conversation-id={chat.description.conversationId}
      onDragOver={(e) => {
        if (!canUpload || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        if (!canUpload) return;
        e.preventDefault();
        setDropping(false);
        for (const file of Array.from(e.dataTransfer.files)) uploads.add(file);
      }}
    >
      <header>
        <Avatar customer={view.customer} />
        <div className="grow">
          <strong>{name}</strong>
          {view.customer?.guest && <span className="tag">website guest</span>}
          <div className="muted small">{chat.description.pageName ?? chat.description.pageId}</div>
        </div>
        {view.ended ? (
          <button onClick={onDismiss}>Dismiss</button>
        ) : (
          <>
            <button onClick={() => setNoting((n) => !n)}>Add note</button>
            <button onClick={() => setTransferring((t) => !t)}>Transfer</button>
            <button onClick={() => setClosing((c) => !c)}>Close</button>
          </>
        )}
      </header>
      {transferring && !view.ended && (
        <TransferDialog
          auth={auth}
          currentQueue={chat.description.queue}
          onCancel={() => setTransferring(false)}
          onTransfer={(choice) => {
            setTransferring(false);
            onTransfer(choice);
          }}
        />
      )}
      <TransferNotice transfer={chat.description.transfer} />
      {noting && !view.ended && <NoteForm onSave={onNote} onCancel={() => setNoting(false)} />}
      {closing && !view.ended && (
        <CloseDialog
          auth={auth}
          onCancel={() => setClosing(false)}
          onConfirm={(tags) => {
            setClosing(false);
            onClose(tags);
          }}
        />
      )}
      <UploadSource.Provider value={uploadSource}>
        <ol className="transcript" ref={list}>
          {lines.map((line) =>
            line.kind === 'note' ? (
              <NoteView key={`note:${line.note.position}`} note={line.note} />
            ) : (
              <MessageBubble
                key={line.message.messageId}
                message={line.message}
                onReact={
                  view.ended ? undefined : (reaction) => onReact(line.message.messageId, reaction)
                }
              />
            ),
          )}
          {chat.outgoing.map((o) => (
            <li key={o.clientMessageId} className="bubble mine outgoing">
              <ContentView content={o.content} />
              <footer className="small muted">
                {o.error ? (
                  <>
                    <span className="failure">not sent: {o.error}</span>{' '}
                    <button onClick={() => onSend(o.content, o.clientMessageId)}>Retry</button>
                  </>
                ) : (
                  'sending…'
                )}
              </footer>
            </li>
          ))}
          {uploads.pending.map((u) => (
            <PendingUploadBubble key={u.clientMessageId} upload={u} onRetry={uploads.retry} />
          ))}
        </ol>
      </UploadSource.Provider>
      {view.ended && (
        <p className={`ended ended-${view.ended.reason}`} role="status">
          {ENDINGS[view.ended.reason]}
        </p>
      )}
      <UploadBar
        disabled={!canUpload}
        refusal={uploads.refusal}
        onFile={uploads.add}
        onDismiss={uploads.dismiss}
      />
      <Composer
        disabled={view.ended !== null}
        onSend={(c) => onSend(c)}
        onTyping={onTyping}
        canned={canned}
        placeholders={placeholders}
      />
    </section>
  );
}
