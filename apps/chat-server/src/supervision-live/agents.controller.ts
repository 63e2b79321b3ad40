import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AgentLoadView } from '@pagedesk/contracts';
import { Type } from '@sinclair/typebox';
import { ContractResponse } from '../auth/contract-response';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { LiveLoad } from '../routing/live-load';
import { tenantOf } from '../tenants/actor';
import { TenantDirectory } from '../tenants/tenant-directory';

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
  @ContractResponse(Type.Array(AgentLoadView))
  list(@CurrentUser() user: AuthUser): AgentLoadView[] {
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
