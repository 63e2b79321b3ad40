import { ApiPropertyOptional } from '@nestjs/swagger';
import { GROUPINGS, PERIODS, type Grouping, type PeriodName } from '@pagedesk/read-models';
import { MAX_SERVICE_TARGET_SECONDS } from '@pagedesk/tenancy';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { CustomDaysQuery } from './custom-days.query';

export const FIGURE_FORMATS = ['json', 'csv'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export class ServiceFiguresQuery extends CustomDaysQuery {
  @ApiPropertyOptional({
    enum: PERIODS,
    default: 'today',
    description: "whole local days in the tenant's time zone; custom needs from and to",
  })
  @IsOptional()
  @IsIn(PERIODS)
  period?: PeriodName;

  @ApiPropertyOptional({ enum: GROUPINGS, default: 'tenant' })
  @IsOptional()
  @IsIn(GROUPINGS)
  by?: Grouping;

  @ApiPropertyOptional({ enum: FIGURE_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FIGURE_FORMATS)
  format?: FigureFormat;
}

export class ServiceSettingsDto {
  @ApiPropertyOptional({
    description: 'IANA time zone the days of the figures start in',
    example: 'Europe/Berlin',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    description: `queue id → service-level target in whole seconds (1–${MAX_SERVICE_TARGET_SECONDS}); other queues keep theirs`,
    example: { sales: 30 },
  })
  @IsOptional()
  @IsObject()
  queueTargets?: Record<string, number>;
}
