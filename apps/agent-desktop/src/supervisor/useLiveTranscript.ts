import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { ask } from '../shared/socket';

/**
 * Watches one conversation on the `/supervisor` socket and counts the
 * `transcript:changed` pushes for it; the server sends one once the
 * transcript read model holds the change. Watched again after a reconnect
 * (a new socket connection has no rooms).
 */
export function useLiveTranscript(socket: Socket | null, conversationId: string): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!socket) return;
    const watch = () => {
      void ask(socket, 'transcript:watch', { conversationId });
      // Whatever happened while not watching is read now.
      setVersion((v) => v + 1);
    };
    const changed = (push: { conversationId?: string }) => {
      if (push.conversationId === conversationId) setVersion((v) => v + 1);
    };
    if (socket.connected) watch();
    socket.on('connect', watch);
    socket.on('transcript:changed', changed);
    return () => {
      socket.off('connect', watch);
      socket.off('transcript:changed', changed);
      if (socket.connected) void ask(socket, 'transcript:unwatch', { conversationId });
    };
  }, [socket, conversationId]);
  return version;
}
