import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { TENANT_ROLES, type TenantRole } from '@pagedesk/tenancy';

export const MAX_CHATS_LIMIT = 50;

export class UserIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'jane@acme.test' }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ format: 'password', minLength: 12, maxLength: 128 })
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) displayName!: string;
  @ApiProperty({ enum: TENANT_ROLES }) @IsIn(TENANT_ROLES) role!: TenantRole;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CHATS_LIMIT, default: 4 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CHATS_LIMIT)
  maxChats?: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;
  @ApiPropertyOptional({ enum: TENANT_ROLES }) @IsOptional() @IsIn(TENANT_ROLES) role?: TenantRole;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CHATS_LIMIT })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CHATS_LIMIT)
  maxChats?: number;
  @ApiPropertyOptional({ format: 'password' })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password?: string;
  @ApiPropertyOptional({ description: 'a disabled user cannot log in; their tokens stop working' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
