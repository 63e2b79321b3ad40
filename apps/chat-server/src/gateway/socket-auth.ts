import type { Namespace, Socket } from 'socket.io';
import { AppError } from '@pagedesk/shared';
import type { AuthUser, Role } from '../auth/auth-user';
import type { TokenVerifier } from '../auth/token-verifier';
import { mapError } from '../errors/error-map';

/** The verified caller, attached at the handshake. */
export const userOf = (socket: Socket): AuthUser => socket.data.user as AuthUser;

/**
 * Refuses the connection itself (the client sees `connect_error` with the
 * reason in `message` and `data.code`): missing, malformed, expired, forged
 * or revoked token; a role the namespace does not serve; no tenant.
 */
export function authenticateSockets(
  namespace: Namespace,
  verifier: TokenVerifier,
  roles: readonly Role[],
  loaded: () => Promise<void>,
): void {
  // A connection is accepted once routing state is loaded: a sync before would show half of it.
  namespace.use((_socket, next) => {
    loaded().then(
      () => next(),
      () =>
        next(Object.assign(new Error('the server is starting'), { data: { code: 'unavailable' } })),
    );
  });
  namespace.use((socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const user = verifier.verify(typeof token === 'string' ? token : undefined);
      if (!roles.includes(user.role) || user.tenantId === null) {
        throw new AppError('forbidden', `this namespace is for ${roles.join(' and ')} users`);
      }
      socket.data.user = user;
      next();
    } catch (error) {
      const { code, message } = mapError(error).body.error;
      next(Object.assign(new Error(message), { data: { code } }));
    }
  });
}
