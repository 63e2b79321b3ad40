import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TransferTargets } from '@pagedesk/contracts';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { LiveLoad } from '../routing/live-load';
import { tenantOf } from '../tenants/actor';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';
import { TenantDirectory } from '../tenants/tenant-directory';

/**
 * The transfer dialog's lists. Agents may not read `/api/agents` (e-mails, roles,
 * who holds which conversation); this view gives them only what choosing a
 * colleague or a queue of their own tenant needs.
 */
@ApiTags('desk')
@ApiBearerAuth()
@Roles('agent', 'supervisor', 'admin')
@Controller('api/desk/transfer-targets')
export class TransferTargetsController {
  constructor(
    private readonly tenants: TenantDirectory,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    private readonly live: LiveLoad,
  ) {}

  @Get()
  @ContractResponse(TransferTargets)
  async list(@CurrentUser() user: AuthUser): Promise<TransferTargets> {
    await this.live.loaded();
    const tenantId = tenantOf(user);
    const agents = this.tenants
      .usersIn(tenantId)
      .filter((u) => u.role === 'agent' && !u.disabled && u.userId !== user.userId)
      .map((u) => {
        const { status, load, capacity } = this.live.agent(u.userId);
        return { agentId: u.userId, name: u.displayName, status, load, capacity };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const queues = this.directory.queuesIn(tenantId).map((q) => ({
      queueId: q.queueId,
      name: q.name,
      waiting: this.live.queue(tenantId, q.queueId).waiting,
    }));
    return { agents, queues };
  }
}
