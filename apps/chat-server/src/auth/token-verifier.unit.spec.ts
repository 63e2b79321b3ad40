import { JwtService } from '@nestjs/jwt';
import type { TenantDirectory } from '../tenants/tenant-directory';
import type { SessionStore } from './session-store';
import { TokenVerifier } from './token-verifier';

const TTL_SECONDS = 900;
const START = Date.UTC(2026, 11, 1, 9, 0, 0);

function verifierFor() {
  const user = {
    userId: 'u1',
    tenantId: 't1',
    role: 'agent',
    displayName: 'Ada',
    sessionVersion: 0,
    disabled: false,
  };
  const open = new Set(['s1']);
  const jwt = new JwtService({ secret: 'a test secret that is long enough!!' });
  const verify = jest.spyOn(jwt, 'verify');
  const tokens = new TokenVerifier(
    jwt,
    { userRecord: (id: string) => (id === user.userId ? user : undefined) } as TenantDirectory,
    { isOpen: (sid: string) => open.has(sid) } as unknown as SessionStore,
    TTL_SECONDS,
  );
  return { tokens, user, open, verify, token: tokens.issue('u1', 's1').accessToken };
}

describe('TokenVerifier: a token used again (issue 21, a check before every socket event)', () => {
  beforeEach(() => jest.useFakeTimers({ now: START }));
  afterEach(() => jest.useRealTimers());

  it('has its signature checked once, however often it is used', () => {
    const { tokens, verify, token } = verifierFor();
    for (let i = 0; i < 5; i++) expect(tokens.check(token).user.userId).toBe('u1');
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('is refused at once when its session version moves on, its session ends or its user is disabled', () => {
    const { tokens, user, open, token } = verifierFor();
    tokens.check(token);
    user.sessionVersion = 1;
    expect(() => tokens.check(token)).toThrow('access token revoked');
    user.sessionVersion = 0;
    open.delete('s1');
    expect(() => tokens.check(token)).toThrow('access token revoked');
    open.add('s1');
    user.disabled = true;
    expect(() => tokens.check(token)).toThrow('invalid access token');
  });

  it('is refused as expired from the second its expiry names, as a first check refuses it', () => {
    const { tokens, token } = verifierFor();
    tokens.check(token);
    jest.setSystemTime(START + TTL_SECONDS * 1000 - 1);
    expect(tokens.check(token).expiresAt).toBe(START + TTL_SECONDS * 1000);
    jest.setSystemTime(START + TTL_SECONDS * 1000);
    expect(() => tokens.check(token)).toThrow('access token expired');
    expect(() => verifierFor().tokens.check(token)).toThrow('access token expired');
  });

  it('counts for its exact bytes only: another signature is checked, and refused', () => {
    const { tokens, verify, token } = verifierFor();
    tokens.check(token);
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    expect(() => tokens.check(forged)).toThrow('invalid access token');
    expect(verify).toHaveBeenCalledTimes(2);
  });
});
