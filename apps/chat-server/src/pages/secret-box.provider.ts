import { ConfigService } from '@nestjs/config';
import { SecretBox } from '@pagedesk/tenancy';
import { InvalidConfigError, type Env } from '../config/env';

export const SECRET_BOX = Symbol('SECRET_BOX');

/** SECRETS_KEY (32 bytes, base64): required in production, kept in DATA_DIR elsewhere (config/development-keys.ts). */
export const secretBoxProvider = {
  provide: SECRET_BOX,
  inject: [ConfigService],
  useFactory: (config: ConfigService<Env, true>): SecretBox => {
    const key = config.get('SECRETS_KEY', { infer: true });
    if (!key) throw new InvalidConfigError('Invalid configuration: SECRETS_KEY is not set');
    return SecretBox.fromBase64(key);
  },
};
