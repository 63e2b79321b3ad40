import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '@pagedesk/shared';
import { TenantDirectory } from '../tenants/tenant-directory';
import type { AuthUser } from './auth-user';

export const JWT_ISSUER = 'pagedesk';
export const JWT_AUDIENCE = 'pagedesk-api';

interface Claims {
  readonly sub: string;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

/**
 * Issues and checks access tokens (HS256 JWT, short-lived). A token proves
 * who the user is; role, tenant and name come from the directory at each
 * check, so disabling a user or changing a role takes effect at once.
 */
@Injectable()
export class TokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly directory: TenantDirectory,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: string): IssuedToken {
    const accessToken = this.jwt.sign(
      {},
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
    if (!token) throw new AppError('unauthorized', 'missing access token');
    let claims: Claims;
    try {
      claims = this.jwt.verify<Claims>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new AppError('unauthorized', expired ? 'access token expired' : 'invalid access token');
    }
    const user = typeof claims.sub === 'string' ? this.directory.findUser(claims.sub) : undefined;
    if (!user || user.disabled) throw new AppError('unauthorized', 'invalid access token');
    return {
      userId: user.userId,
      tenantId: user.tenantId,
      role: user.role,
      displayName: user.displayName,
    };
  }
}
