import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@pagedesk/contracts';

export type Connection = 'connecting' | 'online' | 'offline';

/**
 * A namespace socket with the access token in the handshake. socket.io
 * reconnects by itself after a drop; a refused token (`unauthorized`) is
 * final, so the caller is told and the socket stops.
 */
export function openSocket(
  namespace: '/agent' | '/supervisor',
  token: string,
  handlers: { connection: (state: Connection) => void; refused: (message: string) => void },
): Socket {
  const socket = io(namespace, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelayMax: 2000,
  });
  socket.on('connect', () => handlers.connection('online'));
  socket.on('disconnect', () => handlers.connection('offline'));
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    const code = error.data?.code;
    if (code === 'unauthorized' || code === 'forbidden') {
      socket.disconnect();
      handlers.refused(error.message);
    } else handlers.connection('offline');
  });
  return socket;
}

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
