import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { SqliteEventStore } from '@pagedesk/event-store';
import type { Clock } from '../lifecycle/clock';
import type { BackgroundWork } from '../processing/background-work';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { SessionStore } from './session-store';
import { Sessions } from './sessions';
import { TokenVerifier } from './token-verifier';

const MINUTE = 60_000;
const lifetimes = { idleMs: 60 * MINUTE, absoluteMs: 4 * 60 * MINUTE };
const TTL_SECONDS = 900;

/** Real time plus an offset: JWT expiry reads real time, so the test moves both by the same amount. */
class AheadClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe('SessionStore keeps only sessions that can still be used', () => {
  let dir: string;
  let store: SqliteEventStore;
  let open: SessionStore;
  let sessions: Sessions;
  let tokens: TokenVerifier;
  const clock = new AheadClock();

  beforeEach(async () => {
    clock.offsetMs = 0;
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-sessions-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    const work = { watch: () => undefined } as unknown as BackgroundWork;
    const user = {
      userId: 'u1',
      tenantId: 't1',
      role: 'agent',
      displayName: 'A',
      sessionVersion: 0,
    };
    const directory = { userRecord: () => user } as unknown as TenantDirectory;
    open = new SessionStore(store, work, {
      ...lifetimes,
      accessTokenMs: TTL_SECONDS * 1000,
      max: 50,
      clock,
    });
    await open.onModuleInit();
    sessions = new Sessions(store, lifetimes, open, directory);
    const jwt = new JwtService({ secret: 'a test secret that is long enough!!' });
    tokens = new TokenVerifier(jwt, directory, open, TTL_SECONDS);
  });
  afterEach(async () => {
    await open.onApplicationShutdown();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async () => {
    const { sessionId, refreshToken } = await sessions.start('u1');
    return { sessionId, refreshToken, accessToken: tokens.issue('u1', sessionId).accessToken };
  };

  it('forgets a revoked session at once, and its access token is still refused', async () => {
    const signedIn = await Promise.all(Array.from({ length: 20 }, signIn));
    expect(open.size).toBe(20);
    for (const { refreshToken } of signedIn.slice(0, 15)) await sessions.logout(refreshToken);
    expect(open.size).toBe(5);
    for (const { accessToken } of signedIn.slice(0, 15))
      expect(() => tokens.verify(accessToken)).toThrow('access token revoked');
    for (const { accessToken } of signedIn.slice(15))
      expect(tokens.verify(accessToken).userId).toBe('u1');
  });

  it('forgets sessions no longer refreshable once their last token has expired', async () => {
    const idle = await Promise.all(Array.from({ length: 20 }, signIn));
    clock.offsetMs = 30 * MINUTE;
    const kept = await signIn();
    const refreshed = await sessions.refresh(idle[0]!.refreshToken);
    expect(open.size).toBe(21);
    // Past the idle lifetime and the last token's: only the two used since are kept.
    clock.offsetMs = 60 * MINUTE + TTL_SECONDS * 1000 + 2 * MINUTE;
    await signIn();
    expect(open.size).toBe(3);
    expect([open.isOpen(kept.sessionId), open.isOpen(refreshed.sessionId)]).toEqual([true, true]);
    expect(open.isOpen(idle[1]!.sessionId)).toBe(false);
    // Past the absolute lifetime too: nothing from the start is kept however recently refreshed.
    clock.offsetMs = 4 * 60 * MINUTE + TTL_SECONDS * 1000 + 2 * MINUTE;
    expect(open.isOpen(refreshed.sessionId)).toBe(false);
  });

  it('holds at most the configured number; a refresh brings a forgotten session back, a logout ends it', async () => {
    const first = await signIn();
    const second = await signIn();
    await Promise.all(Array.from({ length: 60 }, signIn));
    expect(open.size).toBe(50);
    expect(() => tokens.verify(first.accessToken)).toThrow('access token revoked');
    const next = await sessions.refresh(first.refreshToken);
    expect(open.size).toBe(50);
    expect(tokens.verify(tokens.issue('u1', next.sessionId).accessToken).userId).toBe('u1');
    // Forgotten here, still open in its stream: logging out still ends its refresh token.
    await sessions.logout(second.refreshToken);
    await expect(sessions.refresh(second.refreshToken)).rejects.toThrow('session ended');
  });

  it('folds a restart from the log to the same few sessions', async () => {
    const signedIn = await Promise.all(Array.from({ length: 10 }, signIn));
    for (const { refreshToken } of signedIn.slice(0, 8)) await sessions.logout(refreshToken);
    const again = new SessionStore(store, { watch: () => undefined } as unknown as BackgroundWork, {
      ...lifetimes,
      accessTokenMs: TTL_SECONDS * 1000,
      max: 50,
      clock,
    });
    await again.onModuleInit();
    expect(again.size).toBe(2);
    await again.onApplicationShutdown();
  });
});
