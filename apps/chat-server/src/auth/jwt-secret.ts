import { randomBytes } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { InvalidConfigError } from '../config/env';

/**
 * JWT_SECRET is mandatory in production. Elsewhere an unset one is replaced
 * by a random key made at start, so development needs no setup; tokens then
 * do not survive a restart (the log says so).
 */
export function jwtSecret(
  given: string | undefined,
  nodeEnv: string | undefined,
  logger: Logger,
): string {
  if (given) return given;
  if (nodeEnv === 'production')
    throw new InvalidConfigError('Invalid configuration: JWT_SECRET is required in production');
  logger.warn(
    'JWT_SECRET is not set: using a random key for this run; access tokens will not survive a restart',
  );
  return randomBytes(48).toString('base64');
}
