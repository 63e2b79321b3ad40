import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChatDescription } from '@pagedesk/contracts';
import { customerName } from '../Avatar';
import { chatView } from '../chat-view';
import type { Chat } from '../desk-state';
import { chime, notificationPermission, notify, type NotificationPermissionState } from './cues';
import { markSeen, totalUnread, unreadCounts, type Seen } from './unread';

/** True while this tab is the one on screen. */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(document.visibilityState === 'visible');
  useEffect(() => {
    const change = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', change);
    return () => document.removeEventListener('visibilitychange', change);
  }, []);
  return visible;
}

const newestCustomerMessage = (chat: Chat) => {
  let newest: { position: number; text: string } | null = null;
  for (const p of chat.pushes)
    if (p.name === 'chat:message' && p.payload.author === 'customer')
      newest = { position: p.payload.position, text: p.payload.text ?? 'sent an attachment' };
  return newest;
};

/**
 * Unread counts, the tab title, and a chime plus a desktop notification for a new request or a
 * customer message in a chat that is not in front (another chat is, or the tab is hidden).
 */
export function useAttention(
  offers: readonly ChatDescription[],
  chats: readonly Chat[],
  current: string | null,
) {
  const visible = usePageVisible();
  const [seen, setSeen] = useState<Seen>(new Map());
  const [permission, setPermission] = useState<NotificationPermissionState>(notificationPermission);
  const offered = useRef(new Set<string>());
  const told = useRef(new Map<string, number>());

  const front = visible ? chats.find((c) => c.description.conversationId === current) : undefined;
  useEffect(() => {
    if (front) setSeen((s) => markSeen(s, front));
  }, [front]);

  const unread = useMemo(() => {
    const counts = unreadCounts(chats, seen);
    // The chat in front is being read as it arrives: no badge flickers up before the effect above.
    if (front) counts.set(front.description.conversationId, 0);
    return counts;
  }, [chats, seen, front]);
  const total = totalUnread(unread);

  useEffect(() => {
    document.title = total > 0 ? `(${total}) Pagedesk` : 'Pagedesk';
  }, [total]);
  // Logged out, the count goes with the desk.
  useEffect(
    () => () => {
      document.title = 'Pagedesk';
    },
    [],
  );

  useEffect(() => {
    const fresh = offers.filter((o) => !offered.current.has(o.conversationId));
    for (const offer of fresh) offered.current.add(offer.conversationId);
    if (fresh.length === 0) return;
    chime();
    const first = fresh[0];
    notify(
      'New chat request',
      `${customerName(first.customer)}: ${first.firstMessages[0]?.text ?? ''}`,
      `request:${first.conversationId}`,
    );
  }, [offers]);

  useEffect(() => {
    for (const chat of chats) {
      const id = chat.description.conversationId;
      const newest = newestCustomerMessage(chat);
      if (!newest) continue;
      const previously = told.current.get(id);
      told.current.set(id, newest.position);
      // A chat's first messages came with its request or assignment: that was the cue.
      if (previously === undefined || newest.position <= previously) continue;
      if (front?.description.conversationId === id) continue;
      chime();
      notify(customerName(chatView(chat).customer), newest.text, `chat:${id}`);
    }
  }, [chats, front]);

  return {
    unread,
    total,
    permission,
    askPermission: async () => setPermission(await Notification.requestPermission()),
  };
}
