import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '@pagedesk/shared';
import { normaliseEmail } from '@pagedesk/tenancy';
import { TenantDirectory } from '../tenants/tenant-directory';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { TokenVerifier, type IssuedToken } from './token-verifier';

const WRONG = 'invalid email or password';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly directory: TenantDirectory,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenVerifier,
    private readonly limiter: LoginLimiter,
  ) {}

  /** One answer for unknown e-mail, wrong password and disabled user, so none can be told apart. */
  async login(emailGiven: string, password: string, address: string): Promise<IssuedToken> {
    const email = normaliseEmail(emailGiven);
    const waitMs = this.limiter.blockedFor(email, address);
    if (waitMs > 0)
      throw new AppError(
        'rate_limited',
        `too many failed logins; try again in ${Math.ceil(waitMs / 1000)} s`,
        {
          retryAfterSeconds: Math.ceil(waitMs / 1000),
        },
      );
    const user = this.directory.credentialsOf(email);
    const ok = user
      ? await this.passwords.verify(password, user.passwordHash)
      : await this.passwords.verifyNobody(password);
    if (!ok || !user || user.disabled) {
      this.limiter.failed(email, address);
      this.logger.warn({ address, known: Boolean(user) }, 'login failed');
      throw new AppError('unauthorized', WRONG);
    }
    this.limiter.succeeded(email);
    this.logger.log({ userId: user.userId, tenantId: user.tenantId }, 'login');
    return this.tokens.issue(user.userId);
  }
}
