import { useCallback, useEffect, useRef, useState } from 'react';
import { request, type Session } from '../shared/api';
import { openSocket, type Connection } from '../shared/socket';
import type { AgentRow, ConversationRow, QueueRow } from './types';

export interface ConversationFilter {
  readonly customer: string;
  readonly status: string;
}

/** Pushes come in bursts (one customer message moves a queue, an agent and a conversation): one refresh per burst. */
const REFRESH_DEBOUNCE_MS = 300;

/**
 * The supervision figures: read over REST, and read again whenever the
 * `/supervisor` socket says something changed, so the screen follows the
 * floor without a reload (and stays right even if a push is missed).
 */
export function useSupervision(
  session: Session,
  filter: ConversationFilter,
  onRefused: (m: string) => void,
) {
  const [queues, setQueues] = useState<QueueRow[]>([]);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [conversations, setConversations] = useState<ConversationRow[]>([]);
  const [quarantined, setQuarantined] = useState<number | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [error, setError] = useState<string | null>(null);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const refresh = useCallback(async () => {
    const { customer, status } = filterRef.current;
    const query = new URLSearchParams({ limit: '50' });
    if (customer.trim()) query.set('customer', customer.trim());
    if (status) query.set('status', status);
    try {
      const [q, a, c, held] = await Promise.all([
        request<QueueRow[]>('/api/queues', { token: session.token }),
        request<AgentRow[]>('/api/agents', { token: session.token }),
        request<{ items: ConversationRow[] }>(`/api/conversations?${query}`, {
          token: session.token,
        }),
        request<{ quarantined: number }>('/api/quarantine/summary', { token: session.token }),
      ]);
      setQueues(q);
      setQuarantined(held.quarantined);
      setAgents(a);
      setConversations(c.items);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [session.token]);

  useEffect(() => {
    void refresh();
  }, [refresh, filter.customer, filter.status]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          void refresh();
        }, REFRESH_DEBOUNCE_MS);
    };
    const socket = openSocket('/supervisor', session.token, {
      connection: setConnection,
      refused: onRefused,
    });
    socket.on('connect', soon);
    socket.onAny(soon);
    // Waits grow while nobody writes: a slow tick keeps "oldest wait" and lists honest between pushes.
    const tick = setInterval(soon, 15_000);
    return () => {
      clearInterval(tick);
      if (timer !== null) clearTimeout(timer);
      socket.disconnect();
    };
  }, [session.token, refresh, onRefused]);

  return { queues, agents, conversations, quarantined, connection, error };
}
