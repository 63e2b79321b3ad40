import {
  decideSession,
  evolveSession,
  type SessionEvent,
  type SessionState,
} from './session-decider';

const lifetimes = { idleMs: 60 * 60_000, absoluteMs: 8 * 60 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 8) + minutes * 60_000).toISOString();

const started: SessionEvent = {
  type: 'SessionStarted',
  data: { sessionId: 's1', userId: 'u1', sessionVersion: 2, tokenHash: 'h1', startedAt: at(0) },
};
const fold = (...events: SessionEvent[]): SessionState | null =>
  events.reduce<SessionState | null>(evolveSession, null);

const refresh = (presentedHash: string, minutes: number, userSessionVersion: number | null = 2) =>
  ({
    type: 'RefreshSession',
    presentedHash,
    newHash: `next-${presentedHash}`,
    at: at(minutes),
    lifetimes,
    userSessionVersion,
  }) as const;

describe('session decider', () => {
  it('given a session, when its current token is presented, then it rotates', () => {
    expect(decideSession(refresh('h1', 30), fold(started))).toEqual([
      {
        type: 'SessionRefreshed',
        data: {
          sessionId: 's1',
          previousTokenHash: 'h1',
          tokenHash: 'next-h1',
          refreshedAt: at(30),
        },
      },
    ]);
  });

  it('given a rotated token, when it is presented again, then the whole family is revoked', () => {
    const rotated = fold(started, ...decideSession(refresh('h1', 30), fold(started)));
    expect(decideSession(refresh('h1', 31), rotated)).toEqual([
      {
        type: 'SessionRevoked',
        data: { sessionId: 's1', userId: 'u1', reason: 'reuse', revokedAt: at(31) },
      },
    ]);
    const revoked = fold(started, ...decideSession(refresh('h1', 30), fold(started)), {
      type: 'SessionRevoked',
      data: { sessionId: 's1', userId: 'u1', reason: 'reuse', revokedAt: at(31) },
    });
    expect(() => decideSession(refresh('next-h1', 32), revoked)).toThrow('session ended');
  });

  it.each([
    ['an unknown token', refresh('guess', 10), 'invalid refresh token'],
    ['a user whose version moved (password change, disable)', refresh('h1', 10, 3), 'revoked'],
    ['a disabled or unknown user', refresh('h1', 10, null), 'revoked'],
    ['an idle session', refresh('h1', 61), 'inactivity'],
  ])('refuses %s', (_label, command, message) => {
    expect(() => decideSession(command, fold(started))).toThrow(message);
  });

  it('ends at the absolute lifetime however active', () => {
    let state = fold(started);
    let hash = 'h1';
    for (let minutes = 50; minutes < 8 * 60; minutes += 50) {
      const events = decideSession(refresh(hash, minutes), state);
      state = events.reduce(evolveSession, state);
      hash = `next-${hash}`;
    }
    expect(() => decideSession(refresh(hash, 8 * 60 + 10), state)).toThrow('session expired');
  });

  it('logs out with any token of the family, once', () => {
    const state = fold(started);
    expect(decideSession({ type: 'RevokeSession', presentedHash: 'h1', at: at(5) }, state)).toEqual(
      [
        {
          type: 'SessionRevoked',
          data: { sessionId: 's1', userId: 'u1', reason: 'logout', revokedAt: at(5) },
        },
      ],
    );
    expect(
      decideSession({ type: 'RevokeSession', presentedHash: 'guess', at: at(5) }, state),
    ).toEqual([]);
  });
});
