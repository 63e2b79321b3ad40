import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { CSAT_SCALES, type CsatScale } from '@pagedesk/conversation';
import { AppError } from '@pagedesk/shared';

const NUMERIC_ID = /^\d{1,32}$/;

export class AppConfig {
  @Matches(NUMERIC_ID) id!: string;
  @IsString() @MinLength(8) secret!: string;
  @IsString() @MinLength(8) verifyToken!: string;
}

export class PageConfig {
  @Matches(NUMERIC_ID) pageId!: string;
  @IsString() @MinLength(1) tenantId!: string;
  @Matches(NUMERIC_ID) appId!: string;
  @IsString() @MinLength(1) accessToken!: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() queueId?: string;
  @IsOptional() @IsBoolean() humanAgentTagging?: boolean;
  @IsOptional() @IsString() @MaxLength(2000) openingMessage?: string;
  @IsOptional() @IsString() @MaxLength(2000) closingMessage?: string;
  @IsOptional() @IsString() @MaxLength(2000) offlineMessage?: string;
  @IsOptional() @IsString() @MaxLength(2000) errorMessage?: string;
  /** A satisfaction survey after an agent's close (the demo's); pages connected through the API set `csatSurvey`. */
  @IsOptional() @IsString() @Matches(/\S/) @MaxLength(640) csatQuestion?: string;
  @IsOptional() @IsIn(CSAT_SCALES) csatScale?: CsatScale;
}

export class MessengerConfig {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AppConfig)
  apps!: AppConfig[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => PageConfig) pages!: PageConfig[];
}

/** Parses the configuration-sourced directory (until pages are managed through the API); errors never echo values. */
export function parseMessengerConfig(json: string): MessengerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AppError('invalid', 'Messenger configuration is not valid JSON');
  }
  const config = plainToInstance(MessengerConfig, raw);
  const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw new AppError('invalid', `Messenger configuration: ${firstProblem(errors)}`);
  const appIds = new Set(config.apps.map((a) => a.id));
  const unknownApp = config.pages.find((p) => !appIds.has(p.appId));
  if (unknownApp)
    throw new AppError(
      'invalid',
      `Messenger configuration: page ${unknownApp.pageId} names unknown app ${unknownApp.appId}`,
    );
  const pageIds = config.pages.map((p) => p.pageId);
  const duplicate = pageIds.find((id, i) => pageIds.indexOf(id) !== i);
  if (duplicate)
    throw new AppError(
      'conflict',
      `Messenger configuration: page ${duplicate} is configured twice`,
    );
  return config;
}

function firstProblem(errors: ValidationError[], path = ''): string {
  const [first] = errors;
  if (!first) return 'invalid';
  const at = path ? `${path}.${first.property}` : first.property;
  if (first.children?.length) return firstProblem(first.children, at);
  const constraint = Object.keys(first.constraints ?? {})[0] ?? 'invalid';
  return `${at} fails ${constraint}`;
}
