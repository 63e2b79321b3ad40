import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';

/** The verified caller, attached at the handshake and refreshed by SocketSessions (auth/socket-sessions.ts). */
export const userOf = (socket: Socket): AuthUser => socket.data.user as AuthUser;

/**
 * A connection is accepted once routing state is loaded: a sync before would
 * show half of it. Installed before the sessions' guard; the client sees
 * `connect_error` with code `unavailable` if loading failed.
 */
export function waitForRouting(namespace: Namespace, loaded: () => Promise<void>): void {
  namespace.use((_socket, next) => {
    loaded().then(
      () => next(),
      () =>
        next(Object.assign(new Error('the server is starting'), { data: { code: 'unavailable' } })),
    );
  });
}
