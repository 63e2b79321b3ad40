import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CSAT_SCALES, type CsatScale } from '@pagedesk/conversation';
import { ROUTING_MODES, SLUG, SLUG_MESSAGE, type RoutingMode } from '@pagedesk/tenancy';

const NUMERIC_ID = /^\d{1,32}$/;
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MESSAGE_MAX = 2000;
/** Messenger's limit for the text of a message that carries quick replies. */
const CSAT_QUESTION_MAX = 640;

export class PageIdParams {
  @ApiProperty({ example: '102938475610293' })
  @Matches(NUMERIC_ID, { message: 'pageId must be a numeric Facebook id' })
  pageId!: string;
}

export class PageMessagesDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'sent when the conversation starts',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(MESSAGE_MAX)
  opening?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'sent when an agent closes the conversation',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(MESSAGE_MAX)
  closing?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'sent outside working hours' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(MESSAGE_MAX)
  offline?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'sent when Pagedesk cannot handle a message',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(MESSAGE_MAX)
  error?: string | null;
}

export class TimeRangeDto {
  @ApiProperty({ example: '09:00' })
  @Matches(HH_MM, { message: 'start must be HH:MM' })
  start!: string;
  @ApiProperty({ example: '17:30' })
  @Matches(HH_MM, { message: 'end must be HH:MM (24:00 for midnight)' })
  end!: string;
}

const day = () => [
  IsOptional(),
  IsArray(),
  ArrayMaxSize(12),
  ValidateNested({ each: true }),
  Type(() => TimeRangeDto),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class WeeklyScheduleDto {
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) monday?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) tuesday?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) wednesday?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) thursday?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) friday?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) saturday?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @apply(day()) sunday?: TimeRangeDto[];
}

export class WorkingHoursDto {
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone' })
  @IsString()
  @MaxLength(64)
  timeZone!: string;
  @ApiProperty({ type: WeeklyScheduleDto })
  @ValidateNested()
  @Type(() => WeeklyScheduleDto)
  weekly!: WeeklyScheduleDto;
  @ApiPropertyOptional({ type: [String], example: ['2025-12-25'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  closedDates?: string[];
}

export class CsatSurveyDto {
  @ApiProperty({ example: 'How did we do today?', maxLength: CSAT_QUESTION_MAX })
  @IsString({ message: 'csatSurvey.question must be text' })
  @Matches(/\S/, { message: 'csatSurvey.question must not be blank' })
  @MaxLength(CSAT_QUESTION_MAX, {
    message: `csatSurvey.question must be at most ${CSAT_QUESTION_MAX} characters`,
  })
  question!: string;
  @ApiProperty({
    enum: CSAT_SCALES,
    description: 'five_point: quick replies 1–5; thumbs: 👍 / 👎',
  })
  @IsIn(CSAT_SCALES, { message: `csatSurvey.scale must be one of ${CSAT_SCALES.join(', ')}` })
  scale!: CsatScale;
}

class PageSettingsDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^[A-Za-z0-9.]{1,100}$/, { message: 'username must be a Facebook page username' })
  username?: string | null;
  @ApiPropertyOptional({
    description: 'webhook verify token; a random one is generated when not given',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  verifyToken?: string;
  @ApiPropertyOptional({ enum: ROUTING_MODES })
  @IsOptional()
  @IsIn(ROUTING_MODES)
  routingMode?: RoutingMode;
  @ApiPropertyOptional({ type: PageMessagesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PageMessagesDto)
  messages?: PageMessagesDto;
  @ApiPropertyOptional({ type: WorkingHoursDto, nullable: true, description: 'null: always open' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto | null;
  @ApiPropertyOptional({ description: 'offer conversations to agents even outside working hours' })
  @IsOptional()
  @IsBoolean()
  queueOutsideHours?: boolean;
  @ApiPropertyOptional({
    description: 'agents may answer up to 7 days after the last customer message (HUMAN_AGENT tag)',
  })
  @IsOptional()
  @IsBoolean()
  humanAgentTagging?: boolean;
  @ApiPropertyOptional({
    type: CsatSurveyDto,
    nullable: true,
    description:
      'a satisfaction survey sent after an agent closes, inside the 24-hour window only; null: none',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsObject({ message: 'csatSurvey must be an object { question, scale } or null' })
  @ValidateNested()
  @Type(() => CsatSurveyDto)
  csatSurvey?: CsatSurveyDto | null;
}

export class CreatePageDto extends PageSettingsDto {
  @ApiProperty({ example: '102938475610293' })
  @Matches(NUMERIC_ID, { message: 'pageId must be a numeric Facebook id' })
  pageId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ description: 'the Facebook app the page is connected to' })
  @Matches(NUMERIC_ID, { message: 'appId must be a numeric Facebook id' })
  appId!: string;
  @ApiProperty({ description: 'a queue of this tenant' })
  @Matches(SLUG, { message: `queueId ${SLUG_MESSAGE}` })
  queueId!: string;
  @ApiProperty({ description: 'page access token; stored encrypted, never returned' })
  @IsDefined({
    message:
      'accessToken is required: a page cannot receive or answer messages without a page access token',
  })
  @IsString()
  @MinLength(1, {
    message:
      'accessToken must not be empty: a page cannot answer messages without a page access token',
  })
  @MaxLength(1024)
  accessToken!: string;
  @ApiProperty({
    description: 'app secret, to check webhook signatures; stored encrypted, never returned',
  })
  @IsDefined({ message: 'appSecret is required: webhook signatures cannot be checked without it' })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  appSecret!: string;
}

export class UpdatePageDto extends PageSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ description: 'the Facebook app the page is connected to' })
  @IsOptional()
  @Matches(NUMERIC_ID, { message: 'appId must be a numeric Facebook id' })
  appId?: string;
  @ApiPropertyOptional({ description: 'a queue of this tenant' })
  @IsOptional()
  @Matches(SLUG, { message: `queueId ${SLUG_MESSAGE}` })
  queueId?: string;
  @ApiPropertyOptional({ description: 'replaces the page access token' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  accessToken?: string;
  @ApiPropertyOptional({ description: 'replaces the app secret' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  appSecret?: string;
}

export class MessengerProfileDto {
  @ApiPropertyOptional({ example: { payload: 'GET_STARTED' } })
  @IsOptional()
  @IsObject()
  getStarted?: object;
  @ApiPropertyOptional({
    example: [{ locale: 'default', text: 'Hello {{user_first_name}}!' }],
    description: 'text ≤ 160 characters; a `default` locale is required',
  })
  @IsOptional()
  @IsArray()
  greeting?: object[];
  @ApiPropertyOptional({
    example: [{ question: 'Where is my order?', payload: 'ORDER' }],
    description: 'at most 4; question ≤ 80 characters',
  })
  @IsOptional()
  @IsArray()
  iceBreakers?: object[];
  @ApiPropertyOptional({
    description:
      'per locale (`default` required): `{ locale, composerInputDisabled?, disabledSurfaces?: ["CUSTOMER_CHAT_PLUGIN"], items }`; 1–3 top-level items, 1–5 in a nested menu, at most 3 levels; items `{ type: web_url, title, url }`, `{ type: postback, title, payload }` or `{ type: nested, title, items }`; titles ≤ 30 characters. Needs getStarted.',
  })
  @IsOptional()
  @IsArray()
  persistentMenu?: object[];
}
