import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { Session } from '../shared/api';
import { ask, openSocket, type Connection } from '../shared/socket';
import type {
  AgentReaction,
  ChatDescription,
  Content,
  CustomerPush,
  DeliveryPush,
  EndedPush,
  MessageEditedPush,
  MessagePush,
  NotePush,
  ReactionPush,
  ReactionStatusPush,
  SyncResult,
  WaitingPush,
} from '@pagedesk/contracts';
import { Continuity, type AgentStatus, type Pending } from './continuity';
import { deskReducer, emptyDesk } from './desk-state';
import type { TransferChoice } from './transfer/TransferDialog';

export type { AgentStatus } from './continuity';

/** Everything the desktop does over `/agent`: pushes into the reducer, actions out with their acks. */
export function useAgentDesk(session: Session, onRefused: (message: string) => void) {
  const [desk, dispatch] = useReducer(deskReducer, emptyDesk);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [status, setStatus] = useState<AgentStatus>('not_ready');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<WaitingPush>({ waiting: 0, position: -1 });
  // A count from a sync and a live one may cross: the later log position wins.
  const countWaiting = useCallback(
    (next: WaitingPush) => setWaiting((w) => (next.position >= w.position ? next : w)),
    [],
  );
  const socketRef = useRef<Socket | null>(null);
  const continuity = useMemo(() => new Continuity(session.user.userId), [session.user.userId]);

  /** Sends one message; an unanswered one is kept for the next connection, a refused one shown as failed. */
  const deliver = useCallback(
    async (socket: Socket, message: Pending): Promise<boolean> => {
      continuity.keep(message);
      if (!socket.connected) return false;
      const answer = await ask(socket, 'chat:send', message);
      if (!answer.ok && answer.error.code === 'unavailable') return false;
      continuity.sent(message.clientMessageId);
      if (!answer.ok)
        dispatch({
          type: 'sendFailed',
          conversationId: message.conversationId,
          clientMessageId: message.clientMessageId,
          error: answer.error.message,
        });
      return true;
    },
    [continuity],
  );

  useEffect(() => {
    const { socket, close } = openSocket('/agent', session.auth, {
      connection: setConnection,
      refused: onRefused,
    });
    socketRef.current = socket;
    /** The status the agent chose holds across reconnects and restarts; if it cannot, they are told why. */
    const reassert = async (serverStatus: AgentStatus) => {
      const chosen = continuity.chosenStatus();
      if (serverStatus === chosen) return setStatus(chosen);
      const answer = await ask(socket, 'agent:status', { status: chosen });
      if (answer.ok) {
        setStatus(chosen);
        if (chosen === 'ready') setNotice('Connection restored: you are Ready again.');
      } else {
        setStatus(serverStatus);
        setNotice(
          `You are ${serverStatus === 'ready' ? 'Ready' : 'Not ready'}: ${answer.error.message}`,
        );
      }
    };
    const resync = async () => {
      const answer = await ask<SyncResult>(socket, 'sync', {});
      if (!answer.ok) return setProblem(answer.error.message);
      dispatch({ type: 'synced', result: answer });
      countWaiting({ waiting: answer.waiting, position: answer.position });
      await reassert(answer.status);
      // What was typed while offline goes out now, in order, once (clientMessageId).
      for (const message of continuity.pending()) {
        dispatch({
          type: 'sending',
          conversationId: message.conversationId,
          outgoing: { ...message, error: null },
        });
        if (!(await deliver(socket, message))) break;
      }
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
    socket.on('agent:waiting', countWaiting);
    socket.on('chat:message_edited', (payload: MessageEditedPush) =>
      dispatch({ type: 'push', push: { name: 'chat:message_edited', payload } }),
    );
    socket.on('chat:reaction', (payload: ReactionPush) =>
      dispatch({ type: 'push', push: { name: 'chat:reaction', payload } }),
    );
    socket.on('chat:reaction_status', (payload: ReactionStatusPush) =>
      dispatch({ type: 'push', push: { name: 'chat:reaction_status', payload } }),
    );
    socket.on('chat:note', (payload: NotePush) =>
      dispatch({ type: 'push', push: { name: 'chat:note', payload } }),
    );
    return close;
  }, [session.auth, onRefused, continuity, deliver, countWaiting]);

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
      if (!(await act('agent:status', { status: next }))) return;
      continuity.choose(next);
      setStatus(next);
      setNotice(null);
    },
    [act, continuity],
  );

  /**
   * The clientMessageId makes a retry after a lost answer idempotent: the server records it once.
   * Offline, the message waits (shown as sending) and goes out when the connection returns.
   */
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
      await deliver(socket, { conversationId, clientMessageId, content });
    },
    [deliver],
  );

  return {
    desk,
    /** Customers waiting in the agent's queues, offered to them or not. */
    waiting: waiting.waiting,
    connection,
    status,
    problem,
    clearProblem: () => setProblem(null),
    notice,
    clearNotice: () => setNotice(null),
    setReady,
    send,
    accept: (conversationId: string) => act('chat:accept', { conversationId }),
    // Typing is a courtesy: a refusal (the chat just ended) is not worth interrupting the agent.
    typing: (conversationId: string, on: boolean) => {
      if (socketRef.current) void ask(socketRef.current, 'chat:typing', { conversationId, on });
    },
    close: (conversationId: string, wrapUpTags: string[] = []) =>
      act('chat:close', { conversationId, wrapUpTags }),
    transfer: (conversationId: string, choice: TransferChoice) =>
      act('chat:transfer', { conversationId, ...choice }),
    dismiss: (conversationId: string) => dispatch({ type: 'dismissed', conversationId }),
    /** `reaction: null` takes the agent's reaction back; the outcome arrives as pushes. */
    react: (conversationId: string, messageId: string, reaction: AgentReaction | null) =>
      act('chat:react', { conversationId, messageId, reaction }),
    /** One id per note written, so a resend after a lost answer records it once. */
    note: (conversationId: string, text: string) =>
      act('chat:note', { conversationId, noteId: crypto.randomUUID(), text }),
  };
}
