import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { Session } from '../shared/api';
import { ask, openSocket, type Connection } from '../shared/socket';
import type {
  ChatDescription,
  Content,
  CustomerPush,
  DeliveryPush,
  EndedPush,
  MessagePush,
  SyncResult,
} from '@pagedesk/contracts';
import { deskReducer, emptyDesk } from './desk-state';

export type AgentStatus = 'ready' | 'not_ready';

/** Everything the desktop does over `/agent`: pushes into the reducer, actions out with their acks. */
export function useAgentDesk(session: Session, onRefused: (message: string) => void) {
  const [desk, dispatch] = useReducer(deskReducer, emptyDesk);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [status, setStatus] = useState<AgentStatus>('not_ready');
  const [problem, setProblem] = useState<string | null>(null);
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = openSocket('/agent', session.token, {
      connection: setConnection,
      refused: onRefused,
    });
    socketRef.current = socket;
    const resync = async () => {
      const answer = await ask<SyncResult>(socket, 'sync', {});
      if (answer.ok) {
        dispatch({ type: 'synced', result: answer });
        setStatus(answer.status);
      } else setProblem(answer.error.message);
    };
    socket.on('connect', resync);
    socket.on('chat:requested', (offer: ChatDescription) => dispatch({ type: 'requested', offer }));
    socket.on('chat:request_withdrawn', (p: { conversationId: string }) =>
      dispatch({ type: 'withdrawn', conversationId: p.conversationId }),
    );
    // An assignment carries only the first messages; the rest of the history (automatic
    // messages, an earlier agent's replies after a transfer) comes with a sync.
    socket.on('chat:assigned', (chat: ChatDescription) => {
      dispatch({ type: 'assigned', chat });
      void resync();
    });
    socket.on('chat:message', (payload: MessagePush) =>
      dispatch({ type: 'push', push: { name: 'chat:message', payload } }),
    );
    socket.on('chat:delivery', (payload: DeliveryPush) =>
      dispatch({ type: 'push', push: { name: 'chat:delivery', payload } }),
    );
    socket.on('chat:customer_updated', (payload: CustomerPush) =>
      dispatch({ type: 'push', push: { name: 'chat:customer_updated', payload } }),
    );
    socket.on('chat:ended', (payload: EndedPush) =>
      dispatch({ type: 'push', push: { name: 'chat:ended', payload } }),
    );
    return () => {
      socket.disconnect();
    };
  }, [session.token, onRefused]);

  /** Runs an action; a refusal is shown in the desktop's problem bar with the server's words. */
  const act = useCallback(async (event: string, payload: object): Promise<boolean> => {
    const socket = socketRef.current;
    if (!socket) return false;
    const answer = await ask(socket, event, payload);
    if (!answer.ok) setProblem(answer.error.message);
    return answer.ok;
  }, []);

  const setReady = useCallback(
    async (next: AgentStatus) => {
      if (await act('agent:status', { status: next })) setStatus(next);
    },
    [act],
  );

  /** The clientMessageId makes a retry after a lost answer idempotent: the server records it once. */
  const send = useCallback(
    async (
      conversationId: string,
      content: Content,
      clientMessageId: string = crypto.randomUUID(),
    ) => {
      const socket = socketRef.current;
      if (!socket) return;
      dispatch({
        type: 'sending',
        conversationId,
        outgoing: { clientMessageId, content, error: null },
      });
      const answer = await ask(socket, 'chat:send', { conversationId, clientMessageId, content });
      if (!answer.ok)
        dispatch({
          type: 'sendFailed',
          conversationId,
          clientMessageId,
          error: answer.error.message,
        });
    },
    [],
  );

  return {
    desk,
    connection,
    status,
    problem,
    clearProblem: () => setProblem(null),
    setReady,
    send,
    accept: (conversationId: string) => act('chat:accept', { conversationId }),
    // Typing is a courtesy: a refusal (the chat just ended) is not worth interrupting the agent.
    typing: (conversationId: string, on: boolean) => {
      if (socketRef.current) void ask(socketRef.current, 'chat:typing', { conversationId, on });
    },
    close: (conversationId: string) => act('chat:close', { conversationId }),
    transfer: (conversationId: string, target: { toAgentId: string } | { toQueueId: string }) =>
      act('chat:transfer', { conversationId, ...target }),
    dismiss: (conversationId: string) => dispatch({ type: 'dismissed', conversationId }),
  };
}
