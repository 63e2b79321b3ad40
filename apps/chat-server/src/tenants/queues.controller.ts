import { Body, Controller, Get, HttpStatus, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditEntry, QueueView } from '@pagedesk/contracts';
import { Type } from '@sinclair/typebox';
import { ContractResponse } from '../auth/contract-response';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import { queueStream, type QueueRecord } from '@pagedesk/tenancy';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from './actor';
import { auditTrail } from './audit';
import { CreateQueueDto, QueueIdParams, UpdateQueueDto } from './queues.dto';
import { TenantCommands, type Actor } from './tenant-commands';
import { TenantDirectory } from './tenant-directory';
import { LiveLoad } from '../routing/live-load';

/** Queues of the caller's tenant: routing mode and members. Queue ids are per tenant. */
@ApiTags('queues')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/queues')
export class QueuesController {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly commands: TenantCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly live: LiveLoad,
  ) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ContractResponse(Type.Array(QueueView), { description: 'each with `live` figures' })
  async list(@CurrentUser() user: AuthUser): Promise<QueueView[]> {
    // `live`: waiting count, oldest wait and agents, from routing (docs/gateway.md).
    await this.live.loaded();
    return this.directory
      .queueRecordsIn(tenantOf(user))
      .map((q) => ({ ...view(q), live: this.live.queue(q.tenantId, q.queueId) }));
  }

  @Post()
  @ContractResponse(QueueView, { status: HttpStatus.CREATED })
  async create(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Body() body: CreateQueueDto,
  ): Promise<QueueView> {
    const tenantId = tenantOf(user);
    await this.commands.createQueue({ ...body, tenantId, members: body.members ?? [] }, actor);
    return view(this.directory.queueRecord(tenantId, body.queueId)!);
  }

  @Get(':queueId')
  @Roles('admin', 'supervisor')
  @ContractResponse(QueueView)
  get(@CurrentUser() user: AuthUser, @Param() { queueId }: QueueIdParams): QueueView {
    return view(this.own(user, queueId));
  }

  @Patch(':queueId')
  @ContractResponse(QueueView)
  async update(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { queueId }: QueueIdParams,
    @Body() body: UpdateQueueDto,
  ): Promise<QueueView> {
    const tenantId = this.own(user, queueId).tenantId;
    await this.commands.updateQueue(
      tenantId,
      queueId,
      { type: 'UpdateQueue', changes: body },
      actor,
    );
    return view(this.directory.queueRecord(tenantId, queueId)!);
  }

  @Get(':queueId/events')
  @ContractResponse(Type.Array(AuditEntry))
  async events(
    @CurrentUser() user: AuthUser,
    @Param() { queueId }: QueueIdParams,
  ): Promise<AuditEntry[]> {
    const { tenantId } = this.own(user, queueId);
    return auditTrail(this.store, queueStream(tenantId, queueId));
  }

  private own(caller: AuthUser, queueId: string): QueueRecord {
    const queue = this.directory.queueRecord(tenantOf(caller), queueId);
    if (!queue) throw new AppError('not_found', 'queue not found');
    return queue;
  }
}

const view = (q: QueueRecord): QueueView => ({
  queueId: q.queueId,
  tenantId: q.tenantId,
  name: q.name,
  routingMode: q.routingMode,
  members: q.members,
  offerGroupSize: q.offerGroupSize,
  offerRingSeconds: q.offerRingSeconds,
  createdAt: q.createdAt,
  updatedAt: q.updatedAt,
  updatedBy: q.updatedBy,
});
