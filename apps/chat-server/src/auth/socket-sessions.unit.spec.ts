import { AppError } from '@pagedesk/shared';
import type { Namespace, Socket } from 'socket.io';
import type { TenantDirectory } from '../tenants/tenant-directory';
import type { AuthUser } from './auth-user';
import type { SessionStore } from './session-store';
import { SESSION_ENDED_EVENT, SocketSessions } from './socket-sessions';
import type { TokenVerifier } from './token-verifier';

const user: AuthUser = { userId: 'u1', tenantId: 't1', role: 'agent', displayName: 'Ada' };
const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const EXPIRES_AT = START + 5_000;

/** A verifier that holds the token until its expiry, on the wall clock as the real one does. */
const verifier = {
  check: () => {
    if (Date.now() >= EXPIRES_AT) throw new AppError('unauthorized', 'access token expired');
    return { user, expiresAt: EXPIRES_AT };
  },
} as unknown as TokenVerifier;

function connectedSocket() {
  const socket = {
    handshake: { auth: { token: 'token' } },
    data: {} as Record<string, unknown>,
    emit: jest.fn(),
    disconnect: jest.fn(),
    use: jest.fn(),
    on: jest.fn(),
  };
  let admit: (socket: unknown, next: (error?: Error) => void) => void = () => undefined;
  const namespace = {
    use: (middleware: typeof admit) => (admit = middleware),
    on: (_event: string, connected: (socket: unknown) => void) => connected(socket),
  } as unknown as Namespace;
  const sessions = new SocketSessions(
    verifier,
    { onUserChanged: () => undefined } as unknown as TenantDirectory,
    { onSessionEnded: () => undefined } as unknown as SessionStore,
    5,
  );
  sessions.guard(namespace, ['agent']);
  admit(socket as unknown as Socket, (error) => {
    if (error) throw error;
  });
  return socket;
}

describe('SocketSessions: a socket whose token expires', () => {
  beforeEach(() => jest.useFakeTimers({ now: START }));
  afterEach(() => jest.useRealTimers());

  it('is closed at the expiry', () => {
    const socket = connectedSocket();
    jest.advanceTimersByTime(5_000);
    expect(socket.emit).toHaveBeenCalledWith(SESSION_ENDED_EVENT, {
      code: 'unauthorized',
      message: 'access token expired',
    });
    expect(socket.disconnect).toHaveBeenCalledWith(true);
  });

  it('is closed even when its timer fires before the wall clock reaches the expiry', () => {
    const socket = connectedSocket();
    // The wall clock 40 ms behind the timers, as when a busy turn left the loop's time stale.
    jest.setSystemTime(Date.now() - 40);
    jest.advanceTimersByTime(5_000);
    expect(socket.disconnect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(40);
    expect(socket.emit).toHaveBeenCalledWith(SESSION_ENDED_EVENT, {
      code: 'unauthorized',
      message: 'access token expired',
    });
    expect(socket.disconnect).toHaveBeenCalledWith(true);
  });
});
