import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { MAX_EVENT_BYTES } from '@pagedesk/event-store';
import { DEFAULT_GRAPH_API_URL } from '@pagedesk/messenger';
import { DEFAULT_LEASE_TIMING, ROW_LEASE_TIMING } from '../cluster/lease';

/**
 * A delivery's raw body is kept as a JSON string in the inbox event; escaping can at most double
 * it, and the metadata needs room: so every body the webhook takes fits the event store.
 */
export const MAX_WEBHOOK_BODY_BYTES = Math.floor((MAX_EVENT_BYTES - 64 * 1024) / 2);

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

  /** `postgres://…`: the event store and reactor checkpoints on PostgreSQL (docs/postgres.md). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * A direct or session-mode connection to the same database, for what needs a session while
   * DATABASE_URL goes through a transaction-mode pooler: the commit listener (LISTEN) and the
   * advisory-lock leases (docs/postgres.md, "Managed PostgreSQL and connection poolers").
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_SESSION_URL?: string;

  /**
   * How the routing and work leases are held on PostgreSQL (docs/postgres.md, "Lease"):
   * `advisory`, a session advisory lock (needs a session connection); `row`, a lease row with a
   * TTL, which works through a transaction-mode pooler.
   */
  @IsOptional()
  @IsIn(['advisory', 'row'])
  CLUSTER_LEASE: 'advisory' | 'row' = 'advisory';

  /**
   * How long one renewal of a lease counts; the holder stops acting a fifth of it earlier.
   * Unset: 5 s for the advisory lock, 3.5 s for the lease row (ROW_LEASE_TIMING says why).
   */
  @IsOptional()
  @Transform(toInt)
  @Min(1_000)
  @Max(600_000)
  @IsInt()
  CLUSTER_LEASE_TTL_MS!: number;

  /** How often the holder renews a lease and a standby asks for it; less than half the TTL. */
  @IsOptional()
  @Transform(toInt)
  @Min(100)
  @Max(300_000)
  @IsInt()
  CLUSTER_LEASE_RENEW_MS = 1_000;

  @IsOptional()
  @IsIn(['FULL', 'NORMAL'])
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest webhook body taken (bigger: 413); at most MAX_WEBHOOK_BODY_BYTES. */
  @IsOptional()
  @Transform(toInt)
  @Min(1024)
  @Max(MAX_WEBHOOK_BODY_BYTES)
  @IsInt()
  WEBHOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  /** Its last path segment is the Graph API version; a warning is logged when it retires within 90 days. */
  MESSENGER_GRAPH_API_URL = DEFAULT_GRAPH_API_URL;

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

  /**
   * Access-token lifetime. Short, since the desktop refreshes silently; below 60 s only for tests.
   * At least 8 s: the desktop refreshes a fifth of the lifetime early, which must outlast the
   * token's expiry rounded down to the second plus a round trip (1.6 s against 1 s + latency).
   */
  @IsOptional()
  @Transform(toInt)
  @Min(8)
  @Max(24 * 3600)
  @IsInt()
  JWT_TTL_SECONDS = 900;

  /** A refresh token unused this long ends its session (a laptop closed overnight). */
  @IsOptional()
  @Transform(toInt)
  @Min(60)
  @Max(30 * 24 * 3600)
  @IsInt()
  REFRESH_IDLE_SECONDS = 8 * 3600;

  /** A session ends this long after sign-in, however active: one sign-in per working day. */
  @IsOptional()
  @Transform(toInt)
  @Min(60)
  @Max(90 * 24 * 3600)
  @IsInt()
  REFRESH_ABSOLUTE_SECONDS = 24 * 3600;

  /**
   * Express's `trust proxy`, for deployments behind a load balancer: which hops may set
   * X-Forwarded-For, so the login limits count the client's address, not the balancer's.
   * Unset or `false`: trust nobody. `true`, a hop count (`1`), or addresses / subnets / `loopback`,
   * comma-separated (docs/auth.md).
   */
  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[\w.:/,\s-]{1,500})$/, {
    message: 'must be true, false, a hop count or a list of addresses',
  })
  TRUST_PROXY?: string;

  /** REST requests (`/api/…`) one user — or, signed out, one address — may make per window; then 429. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  REST_RATE_LIMIT = 1000;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3600)
  @IsInt()
  REST_RATE_WINDOW_SECONDS = 60;

  /** Open sockets (both namespaces together) one user may hold; the next handshake gets `rate_limited`. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(1000)
  @IsInt()
  SOCKETS_PER_USER = 10;

  /**
   * Sign-in sessions kept in memory for access-token checks: a safety cap far above the
   * sessions in use (docs/memory.md); past it the least recently refreshed one is forgotten
   * until its next refresh.
   */
  @IsOptional()
  @Transform(toInt)
  @Min(100)
  @Max(10_000_000)
  @IsInt()
  SESSIONS_IN_MEMORY = 100_000;

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

  /** Largest file an agent may upload, in bytes; Messenger takes at most 25 MB (docs/blob-store.md). */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(25 * 1024 * 1024)
  @IsInt()
  UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

  /** Where agents' uploaded files are kept, by sha256; `<DATA_DIR>/blobs` when unset. */
  @IsOptional()
  @IsString()
  BLOB_DIR?: string;

  /**
   * Days an uploaded file's bytes are kept once every message that uses it was sent (or failed
   * for good); 0 deletes them at the next sweep (docs/blob-store.md). Fractions allowed.
   */
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(36_500)
  @IsNumber()
  BLOB_RETENTION_DAYS = 30;

  /** How often the retention sweep looks for blobs past their retention. */
  @IsOptional()
  @Transform(toInt)
  @Min(100)
  @Max(86_400_000)
  @IsInt()
  BLOB_SWEEP_INTERVAL_MS = 3_600_000;

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

  /** Bearer token a Prometheus scraper sends to GET /metrics (docs/metrics.md); unset: no /metrics. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  METRICS_TOKEN?: string;

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

  /** /ready answers 503 when a background part is further behind the log than this (docs/processing.md). */
  @IsOptional()
  @Transform(toInt)
  @Min(1_000)
  @Max(86_400_000)
  @IsInt()
  READY_MAX_LAG_MS = 300_000;
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
  env.CLUSTER_LEASE_TTL_MS ??= (
    env.CLUSTER_LEASE === 'row' ? ROW_LEASE_TIMING : DEFAULT_LEASE_TIMING
  ).ttlMs;
  // Two renewals must fit in the time a holder keeps acting without one, or a single slow
  // statement would make it give up.
  if (env.CLUSTER_LEASE_RENEW_MS * 2 >= env.CLUSTER_LEASE_TTL_MS) {
    throw new InvalidConfigError(
      'Invalid configuration: CLUSTER_LEASE_RENEW_MS must be less than half of CLUSTER_LEASE_TTL_MS',
    );
  }
  return env;
}
