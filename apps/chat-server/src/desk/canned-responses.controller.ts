import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CannedResponse, CannedResponseList } from '@pagedesk/contracts';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from '../tenants/actor';
import type { Actor } from '../tenants/tenant-commands';
import { CannedResponses } from './canned-responses';
import {
  CannedResponseDto,
  CannedResponseIdParams,
  ListCannedResponsesQuery,
} from './canned-responses.dto';

/** The tenant's canned responses: every desk role reads them; supervisors and admins keep them. */
@ApiTags('desk')
@ApiBearerAuth()
@Roles('agent', 'supervisor', 'admin')
@Controller('api/canned-responses')
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponses) {}

  @Get()
  @ContractResponse(CannedResponseList)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() { queueId }: ListCannedResponsesQuery,
  ): Promise<CannedResponseList> {
    return { cannedResponses: await this.canned.list(tenantOf(user), queueId) };
  }

  @Post()
  @Roles('supervisor', 'admin')
  @ContractResponse(CannedResponse, { status: HttpStatus.CREATED })
  create(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Body() body: CannedResponseDto,
  ): Promise<CannedResponse> {
    return this.canned.create(tenantOf(user), body, actor);
  }

  @Put(':cannedResponseId')
  @Roles('supervisor', 'admin')
  @ContractResponse(CannedResponse, { description: 'as saved' })
  @ApiNotFoundResponse({ description: 'unknown or in another tenant' })
  update(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { cannedResponseId }: CannedResponseIdParams,
    @Body() body: CannedResponseDto,
  ): Promise<CannedResponse> {
    return this.canned.update(tenantOf(user), cannedResponseId, body, actor);
  }

  @Delete(':cannedResponseId')
  @Roles('supervisor', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'unknown or in another tenant' })
  async delete(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { cannedResponseId }: CannedResponseIdParams,
  ): Promise<void> {
    await this.canned.delete(tenantOf(user), cannedResponseId, actor);
  }
}
