import type { ChatPush, MessagePush } from '@pagedesk/contracts';
import type { Chat } from '../desk-state';
import { markSeen, totalUnread, unreadCounts } from './unread';

const message = (position: number, author: MessagePush['author']): ChatPush => ({
  name: 'chat:message',
  payload: { conversationId: 'c1', position, author, messageId: `m${position}`, at: position },
});

const chat = (id: string, pushes: ChatPush[]): Chat => ({
  description: {
    conversationId: id,
    pageId: 'p',
    pageName: null,
    queue: null,
    queuedAt: null,
    startedAt: null,
    customer: null,
    firstMessages: [],
  },
  pushes,
  outgoing: [],
});

describe('unread messages', () => {
  it('counts what the customer wrote after the chat was last in front, never the agent’s own', () => {
    const before = chat('c1', [message(1, 'customer'), message(2, 'agent')]);
    const seen = markSeen(new Map(), before);
    const after = chat('c1', [
      ...before.pushes,
      message(3, 'customer'),
      message(4, 'agent'),
      message(5, 'customer'),
    ]);
    const other = chat('c2', [message(6, 'customer')]);
    const counts = unreadCounts([after, other], seen);
    expect([...counts]).toEqual([
      ['c1', 2],
      ['c2', 1],
    ]);
    expect(totalUnread(counts)).toBe(3);
    expect(unreadCounts([after], markSeen(seen, after)).get('c1')).toBe(0);
  });

  it('leaves the record untouched when nothing new was seen, so React does not re-render for it', () => {
    const seen = markSeen(new Map(), chat('c1', [message(1, 'customer')]));
    expect(markSeen(seen, chat('c1', [message(1, 'customer'), message(2, 'agent')]))).toBe(seen);
  });
});
