import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** Every environment variable the server reads; validated once at start-up. */
export class Env {
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message: 'must be an esdb:// or esdb+discover:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsOptional()
  @IsIn(['FULL', 'NORMAL'])
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(toInt)
  @Min(1024)
  @Max(100 * 1024 * 1024)
  @IsInt()
  WEBHOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  MESSENGER_GRAPH_API_URL = 'https://graph.facebook.com/v21.0';

  @IsOptional()
  @IsString()
  MESSENGER_CONFIG_FILE?: string;

  @IsOptional()
  @IsString()
  MESSENGER_CONFIG?: string;

  /** `production` makes JWT_SECRET and SECRETS_KEY mandatory (elsewhere a random one is made per start). */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** HS256 signing key for access tokens. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(60)
  @Max(24 * 3600)
  @IsInt()
  JWT_TTL_SECONDS = 900;

  /** AES-256-GCM key for page tokens and app secrets at rest: 32 bytes, base64. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes encoded as base64' })
  SECRETS_KEY?: string;

  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a lowercase slug' })
  BOOTSTRAP_TENANT = 'default';

  @IsOptional()
  @IsEmail()
  BOOTSTRAP_PLATFORM_EMAIL?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_PLATFORM_PASSWORD?: string;

  /** Outbox retries: first backoff step; each later one doubles, with jitter. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3_600_000)
  @IsInt()
  OUTBOX_RETRY_BASE_MS = 1_000;

  /** Outbox retries: the longest wait between two tries. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(86_400_000)
  @IsInt()
  OUTBOX_RETRY_MAX_MS = 300_000;

  /** Tries per message before a transient failure is reported as permanent. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(1_000)
  @IsInt()
  OUTBOX_MAX_ATTEMPTS = 12;

  /** How long a disconnected agent keeps their chats before they are re-queued (docs/gateway.md). */
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(86_400)
  @IsInt()
  AGENT_GRACE_SECONDS = 60;

  /**
   * Demo mode (docs/demo.md): `0` never, `1` insist; unset lets `npm start`
   * run the demo when no page is configured. Set by main.ts, read by AppModule.
   */
  @IsOptional()
  @IsIn(['0', '1'])
  DEMO?: '0' | '1';

  /**
   * `worker` (default): inbound processing, read models, the outbox and the
   * lifecycle scheduler run in a worker thread, so acknowledgements and
   * sockets keep their own event loop (docs/processing.md). `inline`: all in
   * one thread, as tests that move the clock need.
   */
  @IsOptional()
  @IsIn(['worker', 'inline'])
  PROCESSING: 'worker' | 'inline' = 'worker';

  /** Where the built web app lives (docs/web-app.md); relative paths are from the working directory. */
  @IsOptional()
  @IsString()
  WEB_APP_DIR = 'apps/agent-desktop/dist';

  /**
   * The routing state (live conversations, queues, assignments) is written to
   * DATA_DIR after this many conversation events, and at shutdown, so a
   * restart folds only the events since (docs/memory.md).
   */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(10_000_000)
  @IsInt()
  ROUTING_SNAPSHOT_EVENTS = 5_000;

  /** How often the lifecycle scheduler sweeps for due expiries and pages that opened (docs/lifecycle.md). */
  @IsOptional()
  @Transform(toInt)
  @Min(10)
  @Max(3_600_000)
  @IsInt()
  LIFECYCLE_SWEEP_MS = 30_000;
}

export class InvalidConfigError extends Error {}

/** Returns the typed config or throws one line naming the first bad variable (never its value: it may be a secret). */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const [first] = validateSync(env, { whitelist: false, stopAtFirstError: true });
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new InvalidConfigError(
      `Invalid configuration: ${first.property} ${reason.replace(`${first.property} `, '')}`,
    );
  }
  return env;
}
