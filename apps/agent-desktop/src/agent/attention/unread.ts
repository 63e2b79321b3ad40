import type { Chat } from '../desk-state';

/** Per chat, the log position of the newest customer message the agent has had in front of them. */
export type Seen = ReadonlyMap<string, number>;

const customerMessages = (chat: Chat): number[] =>
  chat.pushes.flatMap((p) =>
    p.name === 'chat:message' && p.payload.author === 'customer' ? [p.payload.position] : [],
  );

/** What the customer wrote since the agent last looked at the chat. */
export function unreadCounts(chats: readonly Chat[], seen: Seen): Map<string, number> {
  return new Map(
    chats.map((chat) => {
      const id = chat.description.conversationId;
      const upTo = seen.get(id) ?? -1;
      return [id, customerMessages(chat).filter((position) => position > upTo).length];
    }),
  );
}

/** The agent has the chat in front: all it holds is read. Returns `seen` itself when nothing changed. */
export function markSeen(seen: Seen, chat: Chat): Seen {
  const id = chat.description.conversationId;
  const newest = Math.max(-1, ...customerMessages(chat));
  if ((seen.get(id) ?? -1) >= newest) return seen;
  return new Map(seen).set(id, newest);
}

export const totalUnread = (counts: ReadonlyMap<string, number>): number =>
  [...counts.values()].reduce((sum, n) => sum + n, 0);
