import { Body, Controller, Get, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CreatedTenant, TenantView } from '@pagedesk/contracts';
import { Type as Schema } from '@sinclair/typebox';
import { Type } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { SLUG, SLUG_MESSAGE, passwordProblem } from '@pagedesk/tenancy';
import { AppError } from '@pagedesk/shared';
import { ContractResponse } from '../auth/contract-response';
import { Roles } from '../auth/decorators';
import { RequestActor } from './actor';
import { TenantCommands, type Actor } from './tenant-commands';
import { TenantDirectory } from './tenant-directory';

export class FirstAdminDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(12) @MaxLength(128) password!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) displayName!: string;
}

export class CreateTenantDto {
  @ApiProperty({ example: 'acme' })
  @Matches(SLUG, { message: `tenantId ${SLUG_MESSAGE}` })
  tenantId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ type: FirstAdminDto, description: "the tenant's first admin" })
  @ValidateNested()
  @Type(() => FirstAdminDto)
  admin!: FirstAdminDto;
}

/** Platform level: only `platform_admin` creates and lists tenants. */
@ApiTags('tenants')
@ApiBearerAuth()
@Roles('platform_admin')
@Controller('api/tenants')
export class TenantsController {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly commands: TenantCommands,
  ) {}

  @Get()
  @ContractResponse(Schema.Array(TenantView))
  list(): TenantView[] {
    return this.directory
      .tenants()
      .map(({ tenantId, name, createdAt }) => ({ tenantId, name, createdAt }));
  }

  @Post()
  @ContractResponse(CreatedTenant, { status: HttpStatus.CREATED })
  async create(
    @RequestActor() actor: Actor,
    @Body() body: CreateTenantDto,
  ): Promise<CreatedTenant> {
    const weak = passwordProblem(body.admin.password);
    if (weak) throw new AppError('invalid', `admin.${weak}`);
    if (this.directory.tenant(body.tenantId))
      throw new AppError('conflict', `tenant ${body.tenantId} already exists`);
    await this.commands.createTenant(body.tenantId, body.name, actor);
    const adminUserId = await this.commands.createUser(
      { ...body.admin, tenantId: body.tenantId, role: 'admin' },
      actor,
    );
    const { tenantId, name, createdAt } = this.directory.tenant(body.tenantId)!;
    return { tenantId, name, createdAt, adminUserId };
  }
}
