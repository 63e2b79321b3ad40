import { io, type Socket } from 'socket.io-client';
import { AGENT_PUSH_BATCH, type Ack, type BatchedPush } from '@pagedesk/contracts';
import type { Auth } from './auth';

export type Connection = 'connecting' | 'online' | 'offline';

/**
 * A namespace socket that stays signed in (docs/socket-contract.md): every
 * (re)connect presents the current access token (`auth` as a function), a
 * refreshed token is handed to the open socket (`auth:renew`), and when the
 * server closes the socket over its token (`session:ended`) or refuses a
 * handshake as `unauthorized`, one refresh is tried before giving up. Only a
 * refusal that a fresh token does not cure reaches `refused`. The server sends
 * its pushes in batches (`pushes`, one per event-loop turn): each is handed to
 * the listeners of its own name, in order, so callers listen as for single events.
 */
export function openSocket(
  namespace: '/agent' | '/supervisor',
  auth: Auth,
  handlers: { connection: (state: Connection) => void; refused: (message: string) => void },
): { socket: Socket; close: () => void } {
  const socket = io(namespace, {
    auth: (send) => send({ token: auth.token() }),
    transports: ['websocket'],
    reconnectionDelayMax: 2000,
  });
  const stopRenewing = auth.onToken((token) => {
    if (socket.connected) void ask(socket, 'auth:renew', { token });
  });
  let retry: ReturnType<typeof setTimeout> | undefined;
  let refreshedSinceConnect = false;
  const retryWithFreshToken = async (message: string) => {
    const token = refreshedSinceConnect ? null : await auth.fresh();
    if (token) {
      refreshedSinceConnect = true;
      socket.connect();
    } else if (refreshedSinceConnect || auth.stopped) handlers.refused(message);
    // The server is away: the keeper retries its refresh, and so does this.
    else retry = setTimeout(() => void retryWithFreshToken(message), RETRY_MS);
  };
  socket.on('connect', () => {
    refreshedSinceConnect = false;
    handlers.connection('online');
  });
  socket.on('disconnect', () => handlers.connection('offline'));
  socket.on(AGENT_PUSH_BATCH, (pushes: readonly BatchedPush[]) => {
    for (const { name, payload } of pushes)
      for (const listener of socket.listeners(name)) listener(payload);
  });
  socket.on(
    'session:ended',
    (ended: { message: string }) => void retryWithFreshToken(ended.message),
  );
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    const code = error.data?.code;
    handlers.connection('offline');
    if (code === 'unauthorized') {
      socket.disconnect();
      void retryWithFreshToken(error.message);
    } else if (code === 'forbidden') {
      socket.disconnect();
      handlers.refused(error.message);
    }
  });
  return {
    socket,
    close: () => {
      clearTimeout(retry);
      stopRenewing();
      socket.disconnect();
    },
  };
}

const RETRY_MS = 3_000;

/** Emits with an ack; a lost connection or a slow server becomes an `unavailable` answer, never a hang. */
export async function ask<T>(
  socket: Socket,
  event: string,
  payload: object,
  timeoutMs = 15_000,
): Promise<Ack<T>> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'no answer from the server' } };
  }
}
