import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AuditEntry,
  MessengerProfileView,
  PageView,
  SetMessengerProfileOutcome,
  SubscribeOutcome,
  TestConnectionOutcome,
} from '@pagedesk/contracts';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { Type } from '@sinclair/typebox';
import { pageStream } from '@pagedesk/tenancy';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from '../tenants/actor';
import { auditTrail } from '../tenants/audit';
import type { Actor } from '../tenants/tenant-commands';
import { CreatePageDto, MessengerProfileDto, PageIdParams, UpdatePageDto } from './pages.dto';
import { PagesService } from './pages.service';

/**
 * Page integrations of the caller's tenant. Secrets are write-only (shown
 * masked); Facebook's answers to test-connection, subscribe and the
 * Messenger profile come back as `{ ok: false, error: { code, subcode, message } }`.
 */
@ApiTags('pages')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/pages')
export class PagesController {
  constructor(
    private readonly pages: PagesService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ContractResponse(Type.Array(PageView))
  list(@CurrentUser() user: AuthUser) {
    return this.pages.list(tenantOf(user));
  }

  @Post()
  @ContractResponse(PageView, { status: HttpStatus.CREATED })
  create(@CurrentUser() user: AuthUser, @RequestActor() actor: Actor, @Body() body: CreatePageDto) {
    return this.pages.create(tenantOf(user), body, actor);
  }

  @Get(':pageId')
  @ContractResponse(PageView)
  get(@CurrentUser() user: AuthUser, @Param() { pageId }: PageIdParams) {
    return this.pages.get(tenantOf(user), pageId);
  }

  @Patch(':pageId')
  @ContractResponse(PageView)
  update(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { pageId }: PageIdParams,
    @Body() body: UpdatePageDto,
  ) {
    return this.pages.update(tenantOf(user), pageId, body, actor);
  }

  @Post(':pageId/test-connection')
  @HttpCode(200)
  @ContractResponse(TestConnectionOutcome)
  testConnection(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { pageId }: PageIdParams,
  ) {
    return this.pages.testConnection(tenantOf(user), pageId, actor);
  }

  @Post(':pageId/subscribe')
  @HttpCode(200)
  @ContractResponse(SubscribeOutcome)
  subscribe(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { pageId }: PageIdParams,
  ) {
    return this.pages.subscribe(tenantOf(user), pageId, actor);
  }

  @Get(':pageId/messenger-profile')
  @ContractResponse(MessengerProfileView)
  messengerProfile(@CurrentUser() user: AuthUser, @Param() { pageId }: PageIdParams) {
    return this.pages.getMessengerProfile(tenantOf(user), pageId);
  }

  @Put(':pageId/messenger-profile')
  @ContractResponse(SetMessengerProfileOutcome)
  setMessengerProfile(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { pageId }: PageIdParams,
    @Body() body: MessengerProfileDto,
  ) {
    return this.pages.setMessengerProfile(tenantOf(user), pageId, body, actor);
  }

  @Get(':pageId/events')
  @ContractResponse(Type.Array(AuditEntry))
  async events(
    @CurrentUser() user: AuthUser,
    @Param() { pageId }: PageIdParams,
  ): Promise<AuditEntry[]> {
    this.pages.own(tenantOf(user), pageId);
    return auditTrail(this.store, pageStream(pageId));
  }
}
