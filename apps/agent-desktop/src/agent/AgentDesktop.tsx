import type { Session } from '../shared/api';
import { useNow } from '../shared/time';
import { ChatPane } from './ChatPane';
import { OfferCard } from './OfferCard';
import { useAgentDesk } from './useAgentDesk';

export function AgentDesktop({
  session,
  onLogOut,
}: {
  session: Session;
  onLogOut: (reason?: string) => void;
}) {
  const desk = useAgentDesk(session, onLogOut);
  const now = useNow();
  const active = desk.desk.chats.filter((c) => !c.pushes.some((p) => p.name === 'chat:ended'));
  const ready = desk.status === 'ready';

  return (
    <div className="desktop">
      <header className="topbar">
        <strong>Pagedesk</strong>
        <span className="grow">{session.user.displayName}</span>
        <span className="muted">{active.length} active chats</span>
        <label className="switch">
          <input
            type="checkbox"
            checked={ready}
            disabled={desk.connection !== 'online'}
            onChange={() => void desk.setReady(ready ? 'not_ready' : 'ready')}
          />
          <span aria-live="polite">{ready ? 'Ready' : 'Not ready'}</span>
        </label>
        <button onClick={() => onLogOut()}>Log out</button>
      </header>
      {desk.connection === 'offline' && (
        <div className="banner banner-offline" role="alert">
          Connection lost — reconnecting… Your chats are kept; nothing you see will be lost.
        </div>
      )}
      {desk.connection === 'connecting' && <div className="banner">Connecting…</div>}
      {desk.notice && (
        <div className="banner" role="status">
          {desk.notice} <button onClick={desk.clearNotice}>OK</button>
        </div>
      )}
      {desk.problem && (
        <div className="banner banner-problem" role="alert">
          {desk.problem} <button onClick={desk.clearProblem}>OK</button>
        </div>
      )}
      <main className="desk">
        <aside className="offers" aria-label="Chat requests">
          <h2>Requests</h2>
          {desk.desk.offers.length === 0 && (
            <p className="muted">
              {ready ? 'Waiting for customers…' : 'Go ready to receive chats.'}
            </p>
          )}
          {desk.desk.offers.map((offer) => (
            <OfferCard
              key={offer.conversationId}
              offer={offer}
              now={now}
              canAccept={desk.connection === 'online'}
              onAccept={() => void desk.accept(offer.conversationId)}
            />
          ))}
        </aside>
        <div className="chats">
          {desk.desk.chats.length === 0 && <p className="muted empty">No chats yet.</p>}
          {desk.desk.chats.map((chat) => {
            const id = chat.description.conversationId;
            return (
              <ChatPane
                key={id}
                chat={chat}
                auth={session.auth}
                onSend={(content, clientMessageId) => void desk.send(id, content, clientMessageId)}
                onTyping={(on) => desk.typing(id, on)}
                onClose={(wrapUpTags) => void desk.close(id, wrapUpTags)}
                onTransfer={(target) => void desk.transfer(id, target)}
                onDismiss={() => desk.dismiss(id)}
                onNote={(text) => desk.note(id, text)}
              />
            );
          })}
        </div>
      </main>
    </div>
  );
}
