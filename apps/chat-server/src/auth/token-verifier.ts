import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '@pagedesk/shared';
import { TenantDirectory } from '../tenants/tenant-directory';
import type { AuthUser } from './auth-user';
import type { SessionStore } from './session-store';

export const JWT_ISSUER = 'pagedesk';
export const JWT_AUDIENCE = 'pagedesk-api';
/** Clock difference between nodes tolerated when bounding a token's lifetime. */
const SKEW_SECONDS = 30;

interface Claims {
  readonly sub?: unknown;
  /** The user's session version when the token was issued (docs/auth.md, revocation). */
  readonly sv?: unknown;
  /** The sign-in session (refresh-token family) it belongs to: a logout ends its access tokens too. */
  readonly sid?: unknown;
  readonly iat?: unknown;
  readonly exp?: unknown;
  readonly nbf?: unknown;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

export interface IssuedSession extends IssuedToken {
  /** Rotating: each refresh answers a new one and retires this one. */
  readonly refreshToken: string;
  /** Seconds the refresh token lasts unused. */
  readonly refreshExpiresIn: number;
}

/** A verified token: who, and until when (epoch ms) the token may be used. */
export interface VerifiedToken {
  readonly user: AuthUser;
  readonly expiresAt: number;
}

const invalid = () => new AppError('unauthorized', 'invalid access token');

/** Tokens whose signature and claims were checked, at most: one per open session, with room to spare. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Issues and checks access tokens (HS256 JWT, short-lived). A token proves
 * who the user is and under which session version it was issued; role, tenant
 * and name come from the directory at each check, and a token whose version
 * the user has moved past (password change, disable, role change, log out
 * everywhere) is refused, so revocation takes effect at once.
 */
@Injectable()
export class TokenVerifier {
  /**
   * The claims of tokens already verified, by the token's exact bytes: a socket's
   * token is checked before every event it sends (2,000 racing accepts a second
   * in bench:e2e), and the signature and the decoding were the whole cost of it.
   * Only the part that cannot change is kept: expiry is checked again on every
   * use as jsonwebtoken checks it, and the revocation checks (directory, session)
   * run each time as before.
   */
  private readonly verified = new Map<string, Claims>();

  constructor(
    private readonly jwt: JwtService,
    private readonly directory: TenantDirectory,
    private readonly sessions: SessionStore,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: string, sessionId: string): IssuedToken {
    const sv = this.directory.userRecord(userId)?.sessionVersion ?? 0;
    const accessToken = this.jwt.sign(
      { sv, sid: sessionId },
      {
        subject: userId,
        expiresIn: this.ttlSeconds,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        algorithm: 'HS256',
      },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.ttlSeconds };
  }

  /** Throws AppError('unauthorized') for a missing, malformed, expired, forged or revoked token. */
  verify(token: string | undefined | null): AuthUser {
    return this.check(token).user;
  }

  check(token: string | undefined | null): VerifiedToken {
    if (!token) throw new AppError('unauthorized', 'missing access token');
    const claims = this.claimsOf(token);
    const { sub, sv, sid, iat, exp } = claims;
    // A token without an expiry, or one minted to outlive JWT_TTL_SECONDS, was not issued here.
    if (typeof exp !== 'number' || typeof iat !== 'number') throw invalid();
    if (exp - iat > this.ttlSeconds + SKEW_SECONDS) throw invalid();
    const user = typeof sub === 'string' ? this.directory.userRecord(sub) : undefined;
    if (!user || user.disabled) throw invalid();
    if (sv !== user.sessionVersion || typeof sid !== 'string' || !this.sessions.isOpen(sid))
      throw new AppError('unauthorized', 'access token revoked: sign in again');
    return {
      user: {
        userId: user.userId,
        tenantId: user.tenantId,
        role: user.role,
        displayName: user.displayName,
      },
      expiresAt: exp * 1000,
    };
  }

  private claimsOf(token: string): Claims {
    const known = this.verified.get(token);
    if (known) {
      const outOfTime = timeFault(known);
      if (!outOfTime) return known;
      this.verified.delete(token);
      throw outOfTime;
    }
    const claims = this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT)
      this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }

  private verifySignature(token: string): Claims {
    try {
      return this.jwt.verify<Claims & object>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new AppError('unauthorized', expired ? 'access token expired' : 'invalid access token');
    }
  }
}

/**
 * jsonwebtoken's time checks and answers, for claims it verified earlier (so
 * `nbf` and `exp` are numbers or absent): not in use before `nbf`, expired
 * from the second `exp` names.
 */
function timeFault({ exp, nbf }: Claims): AppError | undefined {
  const now = Math.floor(Date.now() / 1000);
  if (typeof nbf === 'number' && nbf > now) return invalid();
  if (typeof exp === 'number' && now >= exp)
    return new AppError('unauthorized', 'access token expired');
  return undefined;
}
