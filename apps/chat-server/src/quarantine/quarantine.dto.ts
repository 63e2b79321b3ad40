import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { QuarantinedItemView } from '@pagedesk/contracts';
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
