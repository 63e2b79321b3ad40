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
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { AuditEntry, UserView } from '@pagedesk/contracts';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { Type } from '@sinclair/typebox';
import { AppError } from '@pagedesk/shared';
import { passwordProblem, userStream, type UserRecord } from '@pagedesk/tenancy';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from './actor';
import { auditTrail } from './audit';
import type { Actor } from './tenant-commands';
import { TenantCommands } from './tenant-commands';
import { TenantDirectory } from './tenant-directory';
import { CreateUserDto, UpdateUserDto, UserIdParams } from './users.dto';

/** Users of the caller's tenant; another tenant's user id answers 404 like an unknown one. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly commands: TenantCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ContractResponse(Type.Array(UserView))
  list(@CurrentUser() user: AuthUser): UserView[] {
    return this.directory.usersIn(tenantOf(user)).map(view);
  }

  @Post()
  @ContractResponse(UserView, { status: HttpStatus.CREATED })
  async create(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Body() body: CreateUserDto,
  ): Promise<UserView> {
    const userId = await this.commands.createUser({ ...body, tenantId: tenantOf(user) }, actor);
    return view(this.directory.userRecord(userId)!);
  }

  @Get(':userId')
  @Roles('admin', 'supervisor')
  @ContractResponse(UserView)
  get(@CurrentUser() user: AuthUser, @Param() { userId }: UserIdParams): UserView {
    return view(this.own(user, userId));
  }

  @Patch(':userId')
  @ContractResponse(UserView)
  async update(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { userId }: UserIdParams,
    @Body() body: UpdateUserDto,
  ): Promise<UserView> {
    this.own(user, userId);
    const { password, disabled, ...changes } = body;
    if (userId === user.userId && (disabled === true || (changes.role && changes.role !== 'admin')))
      throw new AppError('invalid', 'disabled: an admin cannot disable or demote themselves');
    const weak = password === undefined ? null : passwordProblem(password);
    if (weak) throw new AppError('invalid', weak);
    await this.commands.runUser(userId, { type: 'UpdateUser', changes }, actor);
    if (password !== undefined) await this.commands.changePassword(userId, password, actor);
    if (disabled !== undefined)
      await this.commands.runUser(userId, { type: disabled ? 'DisableUser' : 'EnableUser' }, actor);
    return view(this.directory.userRecord(userId)!);
  }

  /** Signs the user out everywhere: their tokens and refresh tokens stop working, open sockets close. */
  @Post(':userId/revoke-sessions')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revokeSessions(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { userId }: UserIdParams,
  ): Promise<void> {
    this.own(user, userId);
    await this.commands.runUser(userId, { type: 'RevokeSessions' }, actor);
  }

  @Get(':userId/events')
  @ContractResponse(Type.Array(AuditEntry))
  async events(
    @CurrentUser() user: AuthUser,
    @Param() { userId }: UserIdParams,
  ): Promise<AuditEntry[]> {
    this.own(user, userId);
    return auditTrail(this.store, userStream(userId));
  }

  private own(caller: AuthUser, userId: string): UserRecord {
    const user = this.directory.userRecord(userId);
    if (!user || user.tenantId !== caller.tenantId)
      throw new AppError('not_found', 'user not found');
    return user;
  }
}

const view = (u: UserRecord): UserView => ({
  userId: u.userId,
  tenantId: u.tenantId!,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  maxChats: u.maxChats,
  disabled: u.disabled,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  updatedBy: u.updatedBy,
});
