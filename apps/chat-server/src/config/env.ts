import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
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
