import { customerName } from '../Avatar';
import { chatView } from '../chat-view';
import type { Chat } from '../desk-state';
import { plural } from './plural';

/** The agent's chats, one line each: who, the last thing said, unread messages; the one in front is marked. */
export function ChatList({
  chats,
  current,
  unread,
  onOpen,
}: {
  chats: readonly Chat[];
  current: string | null;
  unread: ReadonlyMap<string, number>;
  onOpen: (conversationId: string) => void;
}) {
  if (chats.length === 0) return null;
  return (
    <nav className="chat-list" aria-label="Your chats">
      <h2>Chats</h2>
      <ul>
        {chats.map((chat) => {
          const id = chat.description.conversationId;
          const view = chatView(chat);
          const last = view.messages.at(-1);
          const count = unread.get(id) ?? 0;
          const name = customerName(view.customer);
          return (
            <li key={id}>
              <button
                className={`chat-list-item${id === current ? ' current' : ''}`}
                aria-current={id === current ? 'true' : undefined}
                aria-label={`${name}${count ? `, ${plural(count, 'unread message')}` : ''}${view.ended ? ', ended' : ''}`}
                onClick={() => onOpen(id)}
              >
                <span className="chat-list-name">{name}</span>
                {count > 0 && (
                  <span className="unread-badge" aria-hidden="true">
                    {count}
                  </span>
                )}
                <span className="chat-list-last small muted">
                  {view.ended ? 'ended · ' : ''}
                  {last?.text ?? (last?.content?.kind === 'text' ? last.content.text : '') ?? ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
