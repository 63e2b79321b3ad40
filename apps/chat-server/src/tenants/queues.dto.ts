import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROUTING_MODES, SLUG, SLUG_MESSAGE, type RoutingMode } from '@pagedesk/tenancy';

export class QueueIdParams {
  @ApiProperty({ example: 'support' })
  @Matches(SLUG, { message: `queueId ${SLUG_MESSAGE}` })
  queueId!: string;
}

export class CreateQueueDto {
  @ApiProperty({ example: 'support', description: 'unique within the tenant' })
  @Matches(SLUG, { message: `queueId ${SLUG_MESSAGE}` })
  queueId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({
    enum: ROUTING_MODES,
    description: '`offer`: agents accept; `auto`: assigned directly',
  })
  @IsIn(ROUTING_MODES)
  routingMode!: RoutingMode;
  @ApiPropertyOptional({ type: [String], description: 'agent user ids of this tenant' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  members?: string[];
}

export class UpdateQueueDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: ROUTING_MODES })
  @IsOptional()
  @IsIn(ROUTING_MODES)
  routingMode?: RoutingMode;
  @ApiPropertyOptional({ type: [String], description: 'replaces the member list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  members?: string[];
}
