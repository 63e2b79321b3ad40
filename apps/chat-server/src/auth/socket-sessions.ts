import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '@pagedesk/shared';
import type { Namespace, Socket } from 'socket.io';
import { mapError, toSocketAck } from '../errors/error-map';
import { TenantDirectory } from '../tenants/tenant-directory';
import type { AuthUser, Role } from './auth-user';
import type { SessionStore } from './session-store';
import { TokenVerifier } from './token-verifier';

/** The client → server event that swaps a socket's access token for a fresh one without reconnecting. */
export const RENEW_EVENT = 'auth:renew';
/** Server → client, just before the server closes a socket whose token no longer holds. */
export const SESSION_ENDED_EVENT = 'session:ended';

interface Session {
  readonly roles: readonly Role[];
  token: string;
  expiry: NodeJS.Timeout | undefined;
}

/**
 * Every socket's token is checked at the handshake, again before each event
 * the client sends, when the token expires, and whenever the user changes in
 * the directory (a disable, role or password change, "log out everywhere")
 * or one of their sessions ends (logout, refresh-token reuse) — both applied
 * from the log on every node. A socket whose token no longer holds
 * gets `session:ended` with the reason and is closed; the desktop renews its
 * token (`auth:renew`) before expiry, or reconnects with a fresh one.
 */
@Injectable()
export class SocketSessions {
  private readonly logger = new Logger('SocketSessions');
  private readonly byUser = new Map<string, Set<Socket>>();
  private readonly sessions = new WeakMap<Socket, Session>();

  constructor(
    private readonly verifier: TokenVerifier,
    directory: TenantDirectory,
    sessions: SessionStore,
    private readonly maxPerUser: number,
  ) {
    directory.onUserChanged((userId) => this.recheckUser(userId));
    sessions.onSessionEnded((userId) => this.recheckUser(userId));
  }

  /** Installs the checks on a namespace that serves these roles. */
  guard(namespace: Namespace, roles: readonly Role[]): void {
    namespace.use((socket, next) => {
      try {
        this.admit(socket, roles);
        next();
      } catch (error) {
        const { code, message } = mapError(error).body.error;
        next(Object.assign(new Error(message), { data: { code } }));
      }
    });
    namespace.on('connection', (socket: Socket) => {
      socket.use(([event, ...args], next) => this.onPacket(socket, event, args, next));
      socket.on('disconnect', () => this.forget(socket));
    });
  }

  private admit(socket: Socket, roles: readonly Role[]): void {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const verified = this.verify(typeof token === 'string' ? token : undefined, roles);
    const open = this.byUser.get(verified.user.userId) ?? new Set<Socket>();
    if (open.size >= this.maxPerUser)
      throw new AppError(
        'rate_limited',
        `too many open connections for this user (at most ${this.maxPerUser})`,
      );
    open.add(socket);
    this.byUser.set(verified.user.userId, open);
    socket.data.user = verified.user;
    const session: Session = { roles, token: token as string, expiry: undefined };
    this.sessions.set(socket, session);
    this.scheduleExpiry(socket, session, verified.expiresAt);
  }

  private verify(token: string | undefined, roles: readonly Role[]) {
    const verified = this.verifier.check(token);
    if (!roles.includes(verified.user.role) || verified.user.tenantId === null)
      throw new AppError('forbidden', `this namespace is for ${roles.join(' and ')} users`);
    return verified;
  }

  private onPacket(socket: Socket, event: unknown, args: unknown[], next: (e?: Error) => void) {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : undefined;
    const session = this.sessions.get(socket);
    if (!session) return;
    if (event === RENEW_EVENT) return ack?.(this.renew(socket, session, args[0]));
    try {
      this.verify(session.token, session.roles);
      next();
    } catch (error) {
      ack?.(toSocketAck(error));
      this.end(socket, error);
    }
  }

  /** The new token must be valid and for the same user; the old one stops counting at once. */
  private renew(socket: Socket, session: Session, body: unknown) {
    try {
      const token = (body as { token?: unknown } | null | undefined)?.token;
      if (typeof token !== 'string') throw new AppError('invalid', 'token is required');
      const verified = this.verify(token, session.roles);
      if (verified.user.userId !== userOf(socket).userId)
        throw new AppError('forbidden', 'the new token is for another user');
      session.token = token;
      socket.data.user = verified.user;
      this.scheduleExpiry(socket, session, verified.expiresAt);
      return { ok: true, expiresAt: verified.expiresAt };
    } catch (error) {
      return toSocketAck(error);
    }
  }

  private scheduleExpiry(socket: Socket, session: Session, expiresAt: number): void {
    clearTimeout(session.expiry);
    const inMs = Math.max(0, expiresAt - Date.now());
    session.expiry = setTimeout(() => this.recheck(socket), inMs);
    session.expiry.unref();
  }

  private recheckUser(userId: string): void {
    for (const socket of this.byUser.get(userId) ?? []) this.recheck(socket);
  }

  private recheck(socket: Socket): void {
    const session = this.sessions.get(socket);
    if (!session) return;
    try {
      const verified = this.verify(session.token, session.roles);
      socket.data.user = verified.user;
      // A timer can fire before its wall-clock time (libuv counts from the loop's cached time,
      // stale by a busy turn): a token that still holds is checked again at its expiry.
      this.scheduleExpiry(socket, session, verified.expiresAt);
    } catch (error) {
      this.end(socket, error);
    }
  }

  private end(socket: Socket, error: unknown): void {
    const { code, message } = mapError(error).body.error;
    this.logger.log({ userId: userOf(socket).userId, code }, 'socket session ended');
    socket.emit(SESSION_ENDED_EVENT, { code, message });
    this.forget(socket);
    socket.disconnect(true);
  }

  private forget(socket: Socket): void {
    const session = this.sessions.get(socket);
    if (!session) return;
    clearTimeout(session.expiry);
    this.sessions.delete(socket);
    const userId = userOf(socket).userId;
    const open = this.byUser.get(userId);
    open?.delete(socket);
    if (open?.size === 0) this.byUser.delete(userId);
  }
}

const userOf = (socket: Socket): AuthUser => socket.data.user as AuthUser;
