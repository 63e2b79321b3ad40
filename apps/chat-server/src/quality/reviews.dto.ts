import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERIODS, REVIEW_SORTS, type PeriodName, type ReviewSort } from '@pagedesk/read-models';
import { COMMENT_MAX, SLUG, SLUG_MESSAGE } from '@pagedesk/tenancy';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CustomDaysQuery } from '../service-figures/custom-days.query';

/** Points are a whole number, yes/no a boolean, null says "not applicable"; the scorecard decides which fits. */
const IsMarkValue = () =>
  ValidateBy({
    name: 'isMarkValue',
    validator: {
      validate: (v: unknown) => v === null || typeof v === 'boolean' || Number.isInteger(v),
      defaultMessage: () => 'value must be a whole number of points, true, false or null',
    },
  });

export class MarkDto {
  @ApiProperty({ example: 'greeting' })
  @Matches(SLUG, { message: `criterionId ${SLUG_MESSAGE}` })
  criterionId!: string;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'boolean' }],
    nullable: true,
    description: 'points (0–max), true/false for yes/no, null for not applicable',
  })
  @IsMarkValue()
  value!: number | boolean | null;

  @ApiPropertyOptional({ maxLength: COMMENT_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}

export class ScoreConversationDto {
  @ApiProperty({ example: 'chat-basics' })
  @Matches(SLUG, { message: `scorecardId ${SLUG_MESSAGE}` })
  scorecardId!: string;

  @ApiProperty({ type: [MarkDto], description: 'one mark per criterion of the scorecard' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MarkDto)
  values!: MarkDto[];

  @ApiPropertyOptional({ maxLength: COMMENT_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}

export const REVIEW_FORMATS = ['json', 'csv'] as const;
export class ListReviewsQuery extends CustomDaysQuery {
  @ApiPropertyOptional({ description: 'reviews of conversations this agent ever had' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agent?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reviewer?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(SLUG, { message: `scorecard ${SLUG_MESSAGE}` })
  scorecard?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  conversation?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'score at least (percent)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  minScore?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'score at most (percent)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  maxScore?: number;

  @ApiPropertyOptional({
    enum: PERIODS,
    description:
      "when the conversation ended, in whole local days of the tenant's time zone; none: any time",
  })
  @IsOptional()
  @IsIn(PERIODS)
  period?: PeriodName;

  @ApiPropertyOptional({ enum: REVIEW_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(REVIEW_SORTS)
  sort?: ReviewSort;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'json only' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ enum: REVIEW_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REVIEW_FORMATS)
  format?: (typeof REVIEW_FORMATS)[number];
}
