import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QuarantinedItemView, QuarantineSummary } from '@pagedesk/contracts';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { requestRetry, type QuarantinedItem } from '@pagedesk/processing';
import { AppError } from '@pagedesk/shared';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from '../tenants/actor';
import type { Actor } from '../tenants/tenant-commands';
import { Type } from '@sinclair/typebox';
import { ContractResponse } from '../auth/contract-response';
import { ListQuarantineQuery, QuarantineIdParams, toView } from './quarantine.dto';
import { QuarantineView } from './quarantine-view';

/** How long a retry request waits for the reactor's verdict before answering with the item as it stands. */
const RETRY_WAIT_MS = 5_000;
const POLL_MS = 25;

/** Items the reactors set aside for the caller's tenant: list, inspect, apply again (docs/processing.md). */
@ApiTags('quarantine')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/quarantine')
export class QuarantineController {
  constructor(
    private readonly view: QuarantineView,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ContractResponse(Type.Array(QuarantinedItemView), { description: 'newest first' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListQuarantineQuery): QuarantinedItemView[] {
    return this.view.book.list({ tenantId: tenantOf(user), status: query.status }).map(toView);
  }

  /** Declared before :quarantineId so "summary" is never taken for an id. */
  @Get('summary')
  @Roles('admin', 'supervisor')
  @ContractResponse(QuarantineSummary)
  summary(@CurrentUser() user: AuthUser): QuarantineSummary {
    return {
      quarantined: this.view.book.list({ tenantId: tenantOf(user), status: 'quarantined' }).length,
    };
  }

  @Get(':quarantineId')
  @ContractResponse(QuarantinedItemView)
  @ApiNotFoundResponse({ description: 'no such item in this tenant' })
  show(@CurrentUser() user: AuthUser, @Param() { quarantineId }: QuarantineIdParams) {
    return toView(this.own(user, quarantineId));
  }

  @Post(':quarantineId/retry')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'apply the item again with the current code; idempotent (a released item stays released, nothing is applied twice)',
  })
  @ContractResponse(QuarantinedItemView, { description: 'the item after the retry' })
  @ApiNotFoundResponse({ description: 'no such item in this tenant' })
  async retry(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { quarantineId }: QuarantineIdParams,
  ): Promise<QuarantinedItemView> {
    const item = this.own(user, quarantineId);
    if (item.status === 'released') return toView(item);
    await requestRetry(this.store, item, actor.userId, actor.requestId ?? randomUUID());
    return toView(await this.outcomeOf(item));
  }

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'apply every quarantined item of the tenant again' })
  @ContractResponse(Type.Array(QuarantinedItemView), { description: 'the items after the retry' })
  async retryAll(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
  ): Promise<QuarantinedItemView[]> {
    const items = this.view.book.list({ tenantId: tenantOf(user), status: 'quarantined' });
    const requestId = actor.requestId ?? randomUUID();
    for (const item of items) await requestRetry(this.store, item, actor.userId, requestId);
    return Promise.all(items.map(async (item) => toView(await this.outcomeOf(item))));
  }

  private own(user: AuthUser, quarantineId: string): QuarantinedItem {
    const item = this.view.book.get(quarantineId);
    if (!item || item.tenantId !== tenantOf(user))
      throw new AppError('not_found', `no quarantined item ${quarantineId}`);
    return item;
  }

  /** The reactor may run in the processing worker: the outcome is read back from the log. */
  private async outcomeOf(before: QuarantinedItem): Promise<QuarantinedItem> {
    const deadline = Date.now() + RETRY_WAIT_MS;
    for (;;) {
      const now = this.view.book.get(before.quarantineId) ?? before;
      if (now.retries > before.retries || Date.now() > deadline) return now;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
