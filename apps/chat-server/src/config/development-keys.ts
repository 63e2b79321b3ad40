import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidConfigError } from './env';

interface Keys {
  readonly jwtSecret: string;
  readonly secretsKey: string;
}

const FILE = 'development-keys.json';

/**
 * JWT_SECRET and SECRETS_KEY are mandatory in production: a missing one stops
 * the start with one line. Elsewhere (the demo, development) a missing one is
 * made once and kept in DATA_DIR, readable by the owner only, so a restart
 * neither signs everyone out nor makes stored page secrets unreadable.
 * Runs before Nest, so the production refusal is that one line and no stack.
 */
export function withDevelopmentKeys(env: Record<string, unknown>): {
  env: Record<string, unknown>;
  /** Said once the logger is up. */
  warning?: string;
} {
  const missing = (['JWT_SECRET', 'SECRETS_KEY'] as const).filter((name) => !env[name]);
  if (missing.length === 0) return { env };
  if (env.NODE_ENV === 'production')
    throw new InvalidConfigError(`Invalid configuration: ${missing[0]} is required in production`);
  const dir = typeof env.DATA_DIR === 'string' && env.DATA_DIR ? env.DATA_DIR : './data';
  const path = join(dir, FILE);
  const keys = readKeys(path) ?? createKeys(dir, path);
  return {
    env: {
      ...env,
      JWT_SECRET: env.JWT_SECRET || keys.jwtSecret,
      SECRETS_KEY: env.SECRETS_KEY || keys.secretsKey,
    },
    warning: `${missing.join(' and ')} not set: using development keys kept in ${path}; set them in production`,
  };
}

function readKeys(path: string): Keys | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // Tightened on every start in case the file was copied with looser permissions.
  chmodSync(path, 0o600);
  return JSON.parse(text) as Keys;
}

function createKeys(dir: string, path: string): Keys {
  mkdirSync(dir, { recursive: true });
  const keys: Keys = {
    jwtSecret: randomBytes(48).toString('base64'),
    secretsKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  return keys;
}
