import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCORECARD_LIMITS, SLUG, SLUG_MESSAGE } from '@pagedesk/tenancy';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const SCALE_KINDS = ['points', 'yes_no'] as const;

export class ScaleDto {
  @ApiProperty({ enum: SCALE_KINDS, description: '`points`: 0 to max; `yes_no`: yes or no' })
  @IsIn(SCALE_KINDS)
  kind!: (typeof SCALE_KINDS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: SCORECARD_LIMITS.points, description: 'points only' })
  @ValidateIf((s: ScaleDto) => s.kind === 'points' || s.max !== undefined)
  @IsInt()
  @Min(1)
  @Max(SCORECARD_LIMITS.points)
  max?: number;
}

export class CriterionDto {
  @ApiProperty({ example: 'greeting', description: 'unique within the scorecard' })
  @Matches(SLUG, { message: `id ${SLUG_MESSAGE}` })
  id!: string;

  @ApiProperty({ example: 'Greets the customer by name' })
  @IsString()
  @MinLength(1)
  @MaxLength(SCORECARD_LIMITS.label)
  label!: string;

  @ApiProperty({ minimum: 1, maximum: SCORECARD_LIMITS.weight })
  @IsInt()
  @Min(1)
  @Max(SCORECARD_LIMITS.weight)
  weight!: number;

  @ApiProperty({ type: ScaleDto })
  @ValidateNested()
  @Type(() => ScaleDto)
  scale!: ScaleDto;
}

export class ScorecardDefinitionDto {
  @ApiProperty({ example: 'Chat basics' })
  @IsString()
  @MinLength(1)
  @MaxLength(SCORECARD_LIMITS.name)
  name!: string;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCORECARD_LIMITS.criteria)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria!: CriterionDto[];
}

export class CreateScorecardDto extends ScorecardDefinitionDto {
  @ApiProperty({ example: 'chat-basics', description: 'unique within the tenant' })
  @Matches(SLUG, { message: `scorecardId ${SLUG_MESSAGE}` })
  scorecardId!: string;
}

export class ScorecardIdParams {
  @Matches(SLUG, { message: `scorecardId ${SLUG_MESSAGE}` })
  scorecardId!: string;
}

export class ListScorecardsQuery {
  @ApiPropertyOptional({ description: 'also list archived scorecards' })
  @IsOptional()
  @IsIn(['true', 'false'])
  archived?: 'true' | 'false';
}
