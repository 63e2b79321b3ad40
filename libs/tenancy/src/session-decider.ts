import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import { exhaustive } from './user-decider';

/**
 * A sign-in session: one family of rotating refresh tokens (docs/auth.md).
 * Only hashes of refresh tokens are recorded. Times are in the data because
 * the decisions (idle and absolute lifetime) fold them.
 */
export type SessionEvent =
  | {
      readonly type: 'SessionStarted';
      readonly data: {
        readonly sessionId: string;
        readonly userId: string;
        /** The user's session version: a later password change or disable ends the session. */
        readonly sessionVersion: number;
        readonly tokenHash: string;
        readonly startedAt: string;
      };
    }
  | {
      readonly type: 'SessionRefreshed';
      readonly data: {
        readonly sessionId: string;
        readonly previousTokenHash: string;
        readonly tokenHash: string;
        readonly refreshedAt: string;
      };
    }
  | {
      readonly type: 'SessionRevoked';
      readonly data: {
        readonly sessionId: string;
        readonly userId: string;
        /** `reuse`: a rotated refresh token came back, so someone else may hold the family. */
        readonly reason: 'logout' | 'reuse';
        readonly revokedAt: string;
      };
    };

export const SESSION_EVENT_TYPES = new Set([
  'SessionStarted',
  'SessionRefreshed',
  'SessionRevoked',
]);

export interface SessionState {
  readonly sessionId: string;
  readonly userId: string;
  readonly sessionVersion: number;
  readonly tokenHash: string;
  readonly rotatedHashes: readonly string[];
  readonly startedAt: string;
  readonly lastUsedAt: string;
  readonly revoked: 'logout' | 'reuse' | null;
}

export interface SessionLifetimes {
  /** Unused this long (no refresh), the session ends. */
  readonly idleMs: number;
  /** This long after sign-in, the session ends however active. */
  readonly absoluteMs: number;
}

export type SessionCommand =
  | {
      readonly type: 'StartSession';
      readonly data: Omit<Extract<SessionEvent, { type: 'SessionStarted' }>['data'], 'startedAt'>;
      readonly at: string;
    }
  | {
      readonly type: 'RefreshSession';
      readonly presentedHash: string;
      readonly newHash: string;
      readonly at: string;
      readonly lifetimes: SessionLifetimes;
      /** The user's current session version; null when the user is unknown or disabled. */
      readonly userSessionVersion: number | null;
    }
  | { readonly type: 'RevokeSession'; readonly presentedHash: string; readonly at: string };

const refused = (message: string) => new AppError('unauthorized', message);

export function evolveSession(
  state: SessionState | null,
  event: SessionEvent,
): SessionState | null {
  switch (event.type) {
    case 'SessionStarted':
      return {
        ...event.data,
        rotatedHashes: [],
        lastUsedAt: event.data.startedAt,
        revoked: null,
      };
    case 'SessionRefreshed':
      return (
        state && {
          ...state,
          tokenHash: event.data.tokenHash,
          rotatedHashes: [...state.rotatedHashes, event.data.previousTokenHash],
          lastUsedAt: event.data.refreshedAt,
        }
      );
    case 'SessionRevoked':
      return state && { ...state, revoked: event.data.reason };
    default:
      return exhaustive(event);
  }
}

export function decideSession(command: SessionCommand, state: SessionState | null): SessionEvent[] {
  if (command.type === 'StartSession') {
    if (state) throw new AppError('conflict', 'session already exists');
    return [{ type: 'SessionStarted', data: { ...command.data, startedAt: command.at } }];
  }
  if (!state) throw refused('invalid refresh token');
  const { sessionId, userId } = state;
  const revoke = (reason: 'logout' | 'reuse'): SessionEvent[] => [
    { type: 'SessionRevoked', data: { sessionId, userId, reason, revokedAt: command.at } },
  ];
  if (command.type === 'RevokeSession') {
    const known =
      command.presentedHash === state.tokenHash ||
      state.rotatedHashes.includes(command.presentedHash);
    return known && !state.revoked ? revoke('logout') : [];
  }
  if (state.revoked) throw refused('session ended: sign in again');
  // A rotated token coming back means two holders: end the family for both.
  if (state.rotatedHashes.includes(command.presentedHash)) return revoke('reuse');
  if (command.presentedHash !== state.tokenHash) throw refused('invalid refresh token');
  if (command.userSessionVersion !== state.sessionVersion)
    throw refused('session revoked: sign in again');
  const now = Date.parse(command.at);
  if (now - Date.parse(state.lastUsedAt) > command.lifetimes.idleMs)
    throw refused('session expired after inactivity: sign in again');
  if (now - Date.parse(state.startedAt) > command.lifetimes.absoluteMs)
    throw refused('session expired: sign in again');
  return [
    {
      type: 'SessionRefreshed',
      data: {
        sessionId,
        previousTokenHash: state.tokenHash,
        tokenHash: command.newHash,
        refreshedAt: command.at,
      },
    },
  ];
}

export const sessionDecider: Decider<SessionState | null, SessionCommand, SessionEvent> = {
  decide: decideSession,
  evolve: evolveSession,
  initialState: () => null,
};
