import type { Session } from '../shared/api';
import { useNow } from '../shared/time';
import { useAttention } from './attention/useAttention';
import { ChatPane } from './ChatPane';
import { CustomerPanel } from './customer/CustomerPanel';
import { ChatList } from './layout/ChatList';
import { plural } from './layout/plural';
import { SHORTCUTS } from './layout/shortcuts';
import { useDeskLayout } from './layout/useDeskLayout';
import { OfferCard } from './OfferCard';
import { useAgentDesk } from './useAgentDesk';
import './layout/layout.css';

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
  const layout = useDeskLayout(desk);
  const attention = useAttention(desk.desk.offers, desk.desk.chats, layout.current);

  return (
    <div className="desktop">
      <header className="topbar">
        <strong>Pagedesk</strong>
        <span className="grow">{session.user.displayName}</span>
        <span className="muted">{plural(active.length, 'active chat')}</span>
        {attention.permission === 'default' && (
          <button onClick={() => void attention.askPermission()}>Turn on notifications</button>
        )}
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
      <main className={`desk ${layout.showing === 'pane' ? 'showing-pane' : 'showing-list'}`}>
        <aside className="offers" aria-label="Chat requests">
          <h2>Requests</h2>
          <p className="waiting-count" role="status">
            {plural(desk.waiting, 'customer')} waiting
          </p>
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
              onAccept={() => void layout.accept(offer.conversationId)}
            />
          ))}
          <ChatList
            chats={desk.desk.chats}
            current={layout.current}
            unread={attention.unread}
            onOpen={layout.open}
          />
          <p className="shortcuts small muted">
            {SHORTCUTS.map((s) => (
              <span key={s.code}>
                <kbd>{s.keys}</kbd> {s.label}
              </span>
            ))}
          </p>
        </aside>
        <div className="chats">
          {desk.desk.chats.length === 0 && <p className="muted empty">No chats yet.</p>}
          {layout.current && (
            <button className="back-to-list" onClick={layout.back}>
              ← All chats and requests
            </button>
          )}
          {desk.desk.chats.map((chat) => {
            const id = chat.description.conversationId;
            // Every pane stays mounted, so a half-written reply survives switching chats.
            return (
              <div key={id} className="pane-slot with-customer" hidden={id !== layout.current}>
                <ChatPane
                  chat={chat}
                  auth={session.auth}
                  onSend={(content, clientMessageId) =>
                    void desk.send(id, content, clientMessageId)
                  }
                  onTyping={(on) => desk.typing(id, on)}
                  onClose={(wrapUpTags) => void desk.close(id, wrapUpTags)}
                  onTransfer={(target) => void desk.transfer(id, target)}
                  onDismiss={() => desk.dismiss(id)}
                  onReact={(messageId, reaction) => void desk.react(id, messageId, reaction)}
                  onNote={(text) => desk.note(id, text)}
                />
                <CustomerPanel auth={session.auth} conversationId={id} pushes={chat.pushes} />
              </div>
            );
          })}
        </div>
      </main>
    </div>
  );
}
