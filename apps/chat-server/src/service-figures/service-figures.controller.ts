import { Body, Controller, Get, Inject, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ServiceReport as ServiceReportSchema, ServiceSettings } from '@pagedesk/contracts';
import {
  AGENT_NAMES,
  NO_QUEUE,
  PeriodError,
  serviceReportAsCsv,
  ServiceReports,
  type AgentNames,
  type FigureGroup,
  type Grouping,
  type ServiceReport,
  type ServiceSettingsView,
} from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { CLOCK, type Clock } from '../lifecycle/clock';
import { RequestActor, tenantOf } from '../tenants/actor';
import type { Actor } from '../tenants/tenant-commands';
import { TenantDirectory } from '../tenants/tenant-directory';
import { ServiceFiguresQuery, ServiceSettingsDto } from './service-figures.dto';
import { ServiceSettingsCommands } from './service-settings-commands';

export type NamedReport = ServiceReport & {
  readonly groups: readonly (FigureGroup & { readonly name: string })[];
};

/** Service figures of a period for supervisors (docs/service-figures.md), and what they are measured against. */
@ApiTags('service figures')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('api')
export class ServiceFiguresController {
  constructor(
    private readonly reports: ServiceReports,
    private readonly commands: ServiceSettingsCommands,
    private readonly directory: TenantDirectory,
    @Inject(AGENT_NAMES) private readonly agentNames: AgentNames,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('service-figures')
  @ApiProduces('application/json', 'text/csv')
  @ContractResponse(ServiceReportSchema, {
    description: 'the figures; `format=csv` answers the same groups as CSV',
  })
  async figures(
    @CurrentUser() user: AuthUser,
    @Query() query: ServiceFiguresQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NamedReport | string> {
    const tenantId = tenantOf(user);
    const by = query.by ?? 'tenant';
    let report: ServiceReport;
    try {
      report = await this.reports.report(
        tenantId,
        { period: query.period ?? 'today', from: query.from, to: query.to },
        by,
        this.clock.now().getTime(),
      );
    } catch (error) {
      if (error instanceof PeriodError) throw new AppError('invalid', error.message);
      throw error;
    }
    const names = await this.namesFor(tenantId, by, report.groups);
    const named = { ...report, groups: report.groups.map((g) => ({ ...g, name: names(g.key) })) };
    if (query.format !== 'csv') return named;
    response.type('text/csv; charset=utf-8');
    response.attachment(
      `service-figures-${by}-${report.period.firstDay}-${report.period.lastDay}.csv`,
    );
    return serviceReportAsCsv(report, names);
  }

  @Get('service-settings')
  @ContractResponse(ServiceSettings)
  settings(@CurrentUser() user: AuthUser): Promise<ServiceSettingsView> {
    return this.reports.settings(tenantOf(user));
  }

  @Put('service-settings')
  @Roles('admin')
  @ContractResponse(ServiceSettings, {
    description: 'the settings after the change (the figures follow within moments)',
  })
  async change(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Body() body: ServiceSettingsDto,
  ): Promise<ServiceSettingsView> {
    const state = await this.commands.change(tenantOf(user), body, actor);
    return {
      ...(await this.reports.settings(tenantOf(user))),
      timeZone: state.timeZone,
      queueTargets: state.targets,
    };
  }

  private async namesFor(
    tenantId: string,
    by: Grouping,
    groups: readonly FigureGroup[],
  ): Promise<(key: string) => string> {
    switch (by) {
      case 'agent': {
        const names = await this.agentNames.namesOf(
          tenantId,
          groups.map((g) => g.key),
        );
        return (key) => names.get(key) ?? key;
      }
      case 'queue':
        return (key) =>
          key === NO_QUEUE
            ? '(no queue)'
            : (this.directory.queueRecord(tenantId, key)?.name ?? key);
      case 'tenant':
        return (key) => this.directory.tenant(key)?.name ?? key;
      case 'page':
        return (key) => key;
      default:
        return by satisfies never;
    }
  }
}
