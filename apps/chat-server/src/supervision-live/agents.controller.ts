import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { LiveLoad, type AgentPresenceStatus } from '../routing/live-load';
import { tenantOf } from '../tenants/actor';
import { TenantDirectory } from '../tenants/tenant-directory';

export class AgentLoadView {
  @ApiProperty() agentId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['ready', 'not_ready', 'away', 'offline'] }) status!: AgentPresenceStatus;
  @ApiProperty() load!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty({ type: [String] }) conversations!: readonly string[];
  @ApiProperty({ type: [String] }) queues!: readonly string[];
}

/** Every agent of the caller's tenant with their status and load, as routing sees them now. */
@ApiTags('supervision')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly live: LiveLoad,
  ) {}

  @Get()
  @ApiOkResponse({ type: [AgentLoadView] })
  async list(@CurrentUser() user: AuthUser): Promise<AgentLoadView[]> {
    await this.live.loaded();
    return this.directory
      .usersIn(tenantOf(user))
      .filter((u) => u.role === 'agent')
      .map((u) => ({
        ...this.live.agent(u.userId),
        displayName: u.displayName,
        queues: this.directory.queuesOf(u.userId).map((q) => q.queueId),
      }));
  }
}
