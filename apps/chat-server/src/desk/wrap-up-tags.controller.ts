import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WrapUpTagList } from '@pagedesk/contracts';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from '../tenants/actor';
import type { Actor } from '../tenants/tenant-commands';
import { SetWrapUpTagsDto } from './wrap-up-tags.dto';
import { WrapUpTags } from './wrap-up-tags';

/** The tenant's wrap-up tags: every desk role reads them; supervisors and admins define them. */
@ApiTags('desk')
@ApiBearerAuth()
@Roles('agent', 'supervisor', 'admin', 'qc')
@Controller('api/wrap-up-tags')
export class WrapUpTagsController {
  constructor(private readonly tags: WrapUpTags) {}

  @Get()
  @ContractResponse(WrapUpTagList)
  async list(@CurrentUser() user: AuthUser): Promise<WrapUpTagList> {
    return { tags: [...(await this.tags.list(tenantOf(user)))] };
  }

  @Put()
  @Roles('supervisor', 'admin')
  @ContractResponse(WrapUpTagList, { description: 'the list after the change' })
  async set(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Body() body: SetWrapUpTagsDto,
  ): Promise<WrapUpTagList> {
    return { tags: [...(await this.tags.set(tenantOf(user), body.tags, actor))] };
  }
}
