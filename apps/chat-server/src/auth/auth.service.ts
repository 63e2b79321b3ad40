import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '@pagedesk/shared';
import { normaliseEmail } from '@pagedesk/tenancy';
import { TenantDirectory } from '../tenants/tenant-directory';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { Sessions } from './sessions';
import { TokenVerifier, type IssuedSession } from './token-verifier';

const WRONG = 'invalid email or password';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly directory: TenantDirectory,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenVerifier,
    private readonly limiter: LoginLimiter,
    private readonly sessions: Sessions,
  ) {}

  /** One answer for unknown e-mail, wrong password and disabled user, so none can be told apart. */
  async login(emailGiven: string, password: string, address: string): Promise<IssuedSession> {
    const email = normaliseEmail(emailGiven);
    // Counted before the password is checked: concurrent guesses share one budget.
    const attempt = this.limiter.begin(email, address);
    if ('waitMs' in attempt) {
      const seconds = Math.ceil(attempt.waitMs / 1000);
      throw new AppError('rate_limited', `too many failed logins; try again in ${seconds} s`, {
        retryAfterSeconds: seconds,
      });
    }
    const user = this.directory.credentialsOf(email);
    const ok = user
      ? await this.passwords.verify(password, user.passwordHash)
      : await this.passwords.verifyNobody(password);
    if (!ok || !user || user.disabled) {
      this.logger.warn({ address, known: Boolean(user) }, 'login failed');
      throw new AppError('unauthorized', WRONG);
    }
    attempt.succeeded();
    this.logger.log({ userId: user.userId, tenantId: user.tenantId }, 'login');
    const { sessionId, refreshToken } = await this.sessions.start(user.userId);
    return this.issued(user.userId, sessionId, refreshToken);
  }

  /** A fresh access token and the next refresh token; the presented one is retired. */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const next = await this.sessions.refresh(refreshToken);
    return this.issued(next.userId, next.sessionId, next.refreshToken);
  }

  logout(refreshToken: string): Promise<void> {
    return this.sessions.logout(refreshToken);
  }

  private issued(userId: string, sessionId: string, refreshToken: string): IssuedSession {
    return {
      ...this.tokens.issue(userId, sessionId),
      refreshToken,
      refreshExpiresIn: this.sessions.refreshExpiresIn,
    };
  }
}
