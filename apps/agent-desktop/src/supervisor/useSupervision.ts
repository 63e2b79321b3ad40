import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { Session } from '../shared/api';
import { openSocket, type Connection } from '../shared/socket';
import type {
  AgentLoadView as AgentRow,
  ConversationSummary as ConversationRow,
  QuarantineSummary,
  QueueView as QueueRow,
} from '@pagedesk/contracts';

export interface ConversationFilter {
  readonly customer: string;
  readonly status: string;
  /** A wrap-up tag id, or '' for any. */
  readonly wrapUpTag: string;
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
  const [socket, setSocket] = useState<Socket | null>(null);
  /** Counts refreshes, so the service figures are read again with the rest. */
  const [refreshes, setRefreshes] = useState(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const refresh = useCallback(async () => {
    const { customer, status, wrapUpTag } = filterRef.current;
    const query = new URLSearchParams({ limit: '50' });
    if (customer.trim()) query.set('customer', customer.trim());
    if (status) query.set('status', status);
    if (wrapUpTag) query.set('wrapUpTag', wrapUpTag);
    try {
      const [q, a, c, held] = await Promise.all([
        session.auth.request<QueueRow[]>('/api/queues'),
        session.auth.request<AgentRow[]>('/api/agents'),
        session.auth.request<{ items: ConversationRow[] }>(`/api/conversations?${query}`),
        session.auth.request<QuarantineSummary>('/api/quarantine/summary'),
      ]);
      setQueues(q);
      setQuarantined(held.quarantined);
      setAgents(a);
      setConversations(c.items);
      setRefreshes((n) => n + 1);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [session.auth]);

  useEffect(() => {
    void refresh();
  }, [refresh, filter.customer, filter.status, filter.wrapUpTag]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          void refresh();
        }, REFRESH_DEBOUNCE_MS);
    };
    const { socket, close } = openSocket('/supervisor', session.auth, {
      connection: setConnection,
      refused: onRefused,
    });
    setSocket(socket);
    socket.on('connect', soon);
    socket.onAny(soon);
    // Waits grow while nobody writes: a slow tick keeps "oldest wait" and lists honest between pushes.
    const tick = setInterval(soon, 15_000);
    return () => {
      clearInterval(tick);
      if (timer !== null) clearTimeout(timer);
      close();
      setSocket(null);
    };
  }, [session.auth, refresh, onRefused]);

  return { queues, agents, conversations, quarantined, connection, error, socket, refreshes };
}
