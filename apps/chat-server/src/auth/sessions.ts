import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, handleCommand, type EventStore } from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import {
  sessionDecider,
  sessionStream,
  type SessionCommand,
  type SessionEvent,
  type SessionLifetimes,
} from '@pagedesk/tenancy';
import { context } from '../tenants/tenant-commands';
import { TenantDirectory } from '../tenants/tenant-directory';
import { SessionStore } from './session-store';

export const SESSION_LIFETIMES = Symbol('SESSION_LIFETIMES');

/** `<sessionId>.<secret>`: the id finds the family, only a hash of the secret is stored. */
const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const mint = () => randomBytes(32).toString('base64url');
const invalid = () => new AppError('unauthorized', 'invalid refresh token');

/**
 * Sign-in sessions with rotating refresh tokens (docs/auth.md): each refresh
 * records the new token's hash and retires the old one; a retired token
 * presented again revokes the whole family. The user's session version
 * (password change, disable, role change, log out everywhere) ends them too.
 */
@Injectable()
export class Sessions {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SESSION_LIFETIMES) private readonly lifetimes: SessionLifetimes,
    private readonly open: SessionStore,
    private readonly directory: TenantDirectory,
  ) {}

  get refreshExpiresIn(): number {
    return Math.floor(this.lifetimes.idleMs / 1000);
  }

  async start(userId: string): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = randomUUID();
    const secret = mint();
    const sessionVersion = this.directory.userRecord(userId)?.sessionVersion ?? 0;
    await this.run(sessionId, userId, {
      type: 'StartSession',
      data: { sessionId, userId, sessionVersion, tokenHash: hashOf(secret) },
      at: this.open.now().toISOString(),
    });
    return { sessionId, refreshToken: `${sessionId}.${secret}` };
  }

  /** A new refresh token for the presented one, or `unauthorized`; reuse of a retired one ends the session. */
  async refresh(
    token: string,
  ): Promise<{ userId: string; sessionId: string; refreshToken: string }> {
    const [, sessionId, presented] = TOKEN.exec(token) ?? [];
    if (!sessionId || !presented) throw invalid();
    const secret = mint();
    const { newEvents, newState } = await this.run(sessionId, 'refresh', {
      type: 'RefreshSession',
      presentedHash: hashOf(presented),
      newHash: hashOf(secret),
      at: this.open.now().toISOString(),
      lifetimes: this.lifetimes,
      userSessionVersion: null,
    });
    if (newEvents.some((e) => e.type === 'SessionRevoked') || !newState)
      throw new AppError('unauthorized', 'refresh token used twice: session ended, sign in again');
    return { userId: newState.userId, sessionId, refreshToken: `${sessionId}.${secret}` };
  }

  /**
   * Ends the session the token belongs to; an unknown token is quietly ignored.
   * Decided on the session's stream, not SessionStore: a session it has
   * forgotten (its cap) still holds a refresh token that must stop working.
   */
  async logout(token: string): Promise<void> {
    const [, sessionId, presented] = TOKEN.exec(token) ?? [];
    if (!sessionId || !presented) return;
    try {
      await this.run(sessionId, 'logout', {
        type: 'RevokeSession',
        presentedHash: hashOf(presented),
        at: this.open.now().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'unauthorized')) throw error;
    }
  }

  private async run(sessionId: string, actor: string, command: SessionCommand) {
    const result = await handleCommand(
      this.store,
      sessionStream(sessionId),
      this.withUserVersion(),
      { decode: (e) => ({ type: e.type, data: e.data }) as unknown as SessionEvent },
      command,
      context({ userId: actor }),
    );
    await this.open.waitFor(result.globalPosition);
    return result;
  }

  /** The decider asks for the user's current version; it is read when the command is decided, so a retry sees a fresh one. */
  private withUserVersion(): typeof sessionDecider {
    return {
      ...sessionDecider,
      decide: (command, state) => {
        if (command.type !== 'RefreshSession' || !state)
          return sessionDecider.decide(command, state);
        const user = this.directory.userRecord(state.userId);
        const userSessionVersion = user && !user.disabled ? user.sessionVersion : null;
        return sessionDecider.decide({ ...command, userSessionVersion }, state);
      },
    };
  }
}
