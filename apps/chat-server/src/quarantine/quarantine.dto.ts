import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { QuarantinedItem, QuarantineStatus } from '@pagedesk/processing';

const STATUSES: readonly QuarantineStatus[] = ['quarantined', 'released'];

export class QuarantineIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'quarantineId must be a uuid' })
  quarantineId!: string;
}

export class ListQuarantineQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'default: every item' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: QuarantineStatus;
}

/** One item a reactor could not apply, as an admin sees it. */
export class QuarantinedItemView {
  @ApiProperty({ format: 'uuid', description: 'stable: the same item always has the same id' })
  quarantineId!: string;
  @ApiProperty({ example: 'inbound-messenger', description: 'the reactor that set it aside' })
  reactor!: string;
  @ApiProperty({ enum: STATUSES }) status!: QuarantineStatus;
  @ApiProperty({ example: 'unsupported_update', description: 'domain reason or error code' })
  reason!: string;
  @ApiProperty({ description: 'what went wrong, at most 1,000 characters' }) error!: string;
  @ApiProperty({ format: 'uuid', description: 'the log event (e.g. the webhook delivery)' })
  eventId!: string;
  @ApiProperty({ description: "the event's global position in the log" }) position!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'index of the update in the delivery' })
  item!: number | null;
  @ApiProperty({ type: String, nullable: true }) pageId!: string | null;
  @ApiProperty({ format: 'date-time' }) quarantinedAt!: string;
  @ApiProperty({ description: 'retries asked for so far' }) retries!: number;
  @ApiProperty({ type: String, nullable: true }) lastRetryError!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) releasedAt!: string | null;
}

export const toView = (item: QuarantinedItem): QuarantinedItemView => ({
  quarantineId: item.quarantineId,
  reactor: item.reactor,
  status: item.status,
  reason: item.reason,
  error: item.error,
  eventId: item.eventId,
  position: item.position,
  item: item.item,
  pageId: item.pageId,
  quarantinedAt: item.quarantinedAt,
  retries: item.retries,
  lastRetryError: item.lastRetryError,
  releasedAt: item.releasedAt,
});
