import { ApiPropertyOptional } from '@nestjs/swagger';
import { CONVERSATION_STATUSES, type ConversationStatus } from '@pagedesk/read-models';
import { SLUG, SLUG_MESSAGE } from '@pagedesk/tenancy';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export const MAX_PAGE_SIZE = 200;

export class ListConversationsQuery {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES)
  status?: ConversationStatus;

  @ApiPropertyOptional({ description: 'an agent user id: conversations they were ever assigned' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agent?: string;

  @ApiPropertyOptional({ description: 'Facebook page id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  page?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  queue?: string;

  @ApiPropertyOptional({ description: 'started at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'started at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: "part of the customer's name, email or phone number" })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  customer?: string;

  @ApiPropertyOptional({ description: 'a wrap-up tag id: conversations closed with it' })
  @IsOptional()
  @Matches(SLUG, { message: `wrapUpTag ${SLUG_MESSAGE}` })
  wrapUpTag?: string;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class ConversationIdParams {
  @IsUUID()
  conversationId!: string;
}

export const TRANSCRIPT_FORMATS = ['json', 'txt', 'csv'] as const;

export class TranscriptQuery {
  @ApiPropertyOptional({ enum: TRANSCRIPT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(TRANSCRIPT_FORMATS)
  format?: (typeof TRANSCRIPT_FORMATS)[number];
}
