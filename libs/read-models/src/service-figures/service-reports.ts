import type { AsyncSqlDb } from '@pagedesk/processing';
import { DEFAULT_SERVICE_TARGET_SECONDS, DEFAULT_SERVICE_TIME_ZONE } from '@pagedesk/tenancy';
import { periodRange, type PeriodRequest } from './periods';
import { serviceFigures, type FigureGroup, type Grouping } from './service-figures';
import { ServiceFiguresSql } from './service-figures.sql';

export interface ServiceSettingsView {
  readonly timeZone: string;
  readonly defaultTargetSeconds: number;
  /** Queues whose target was set; every other queue uses the default. */
  readonly queueTargets: Readonly<Record<string, number>>;
}

export interface ServiceReport {
  readonly by: Grouping;
  readonly timeZone: string;
  readonly period: PeriodRequest & {
    readonly firstDay: string;
    readonly lastDay: string;
    readonly from: string;
    readonly to: string;
  };
  readonly now: string;
  readonly groups: readonly FigureGroup[];
}

/** Reads the service-figures read model: a tenant's settings, and the figures of a period. */
export class ServiceReports {
  private readonly sql: ServiceFiguresSql;

  constructor(db: AsyncSqlDb) {
    this.sql = new ServiceFiguresSql(db);
  }

  async settings(tenantId: string): Promise<ServiceSettingsView> {
    const [timeZone, queueTargets] = await Promise.all([
      this.sql.timeZone(tenantId),
      this.sql.targets(tenantId),
    ]);
    return {
      timeZone: timeZone ?? DEFAULT_SERVICE_TIME_ZONE,
      defaultTargetSeconds: DEFAULT_SERVICE_TARGET_SECONDS,
      queueTargets,
    };
  }

  async report(
    tenantId: string,
    request: PeriodRequest,
    by: Grouping,
    now: number,
  ): Promise<ServiceReport> {
    const settings = await this.settings(tenantId);
    const range = periodRange(request, settings.timeZone, now);
    const targetMs = (queue: string | null) =>
      1000 * ((queue !== null && settings.queueTargets[queue]) || settings.defaultTargetSeconds);
    const groups = serviceFigures(await this.sql.forPeriod(tenantId, range.from, range.to), by, {
      range,
      now,
      targetMs,
    });
    return {
      by,
      timeZone: settings.timeZone,
      period: {
        ...request,
        firstDay: range.firstDay,
        lastDay: range.lastDay,
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
      },
      now: new Date(now).toISOString(),
      groups,
    };
  }
}
