import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  OFFER_GROUP_SIZES,
  OFFER_RING_SECONDS,
  ROUTING_MODES,
  SLUG,
  SLUG_MESSAGE,
  type RoutingMode,
} from '@pagedesk/tenancy';

const GROUP_SIZE_MESSAGE = `offerGroupSize must be an integer from ${OFFER_GROUP_SIZES.min} to ${OFFER_GROUP_SIZES.max}, or null`;
const RING_MESSAGE = `offerRingSeconds must be an integer from ${OFFER_RING_SECONDS.min} to ${OFFER_RING_SECONDS.max}`;

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
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: OFFER_GROUP_SIZES.min,
    maximum: OFFER_GROUP_SIZES.max,
    description:
      'offer mode: agents each waiting chat is shown to at once (docs/tenants.md); null: every member',
  })
  // IsOptional lets null through as well: back to classic offers.
  @IsOptional()
  @IsInt({ message: GROUP_SIZE_MESSAGE })
  @Min(OFFER_GROUP_SIZES.min, { message: GROUP_SIZE_MESSAGE })
  @Max(OFFER_GROUP_SIZES.max, { message: GROUP_SIZE_MESSAGE })
  offerGroupSize?: number | null;
  @ApiPropertyOptional({
    minimum: OFFER_RING_SECONDS.min,
    maximum: OFFER_RING_SECONDS.max,
    description: 'an unaccepted chat is shown to offerGroupSize more agents after each of these',
  })
  // Unlike the group size, null is no value here.
  @ValidateIf((_dto, value) => value !== undefined)
  @IsInt({ message: RING_MESSAGE })
  @Min(OFFER_RING_SECONDS.min, { message: RING_MESSAGE })
  @Max(OFFER_RING_SECONDS.max, { message: RING_MESSAGE })
  offerRingSeconds?: number;
}
