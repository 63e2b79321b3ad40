import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecretBox } from '@pagedesk/tenancy';
import { InvalidConfigError, type Env } from '../config/env';

export const SECRET_BOX = Symbol('SECRET_BOX');

/**
 * SECRETS_KEY (32 bytes, base64) is mandatory in production. Elsewhere an
 * unset key is replaced by a random one for the run: secrets stored during it
 * cannot be read after a restart (those pages then say they need a new token).
 */
export const secretBoxProvider = {
  provide: SECRET_BOX,
  inject: [ConfigService],
  useFactory: (config: ConfigService<Env, true>): SecretBox => {
    const key = config.get('SECRETS_KEY', { infer: true });
    if (key) return SecretBox.fromBase64(key);
    if (config.get('NODE_ENV', { infer: true }) === 'production')
      throw new InvalidConfigError('Invalid configuration: SECRETS_KEY is required in production');
    new Logger('Secrets').warn(
      'SECRETS_KEY is not set: using a random key for this run; page secrets saved now cannot be read after a restart',
    );
    return new SecretBox(randomBytes(32));
  },
};
