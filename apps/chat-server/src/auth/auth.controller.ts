import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Me, TokenPair } from '@pagedesk/contracts';
import { RequestActor } from '../tenants/actor';
import { TenantCommands, type Actor } from '../tenants/tenant-commands';
import type { Request } from 'express';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { ContractResponse } from './contract-response';
import { CurrentUser, Public } from './decorators';
import { LoginDto, RefreshDto } from './login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly commands: TenantCommands,
  ) {}

  /** 401 `unauthorized` for bad credentials; 429 `rate_limited` after too many failures. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ContractResponse(TokenPair)
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenPair> {
    return this.auth.login(
      body.email,
      body.password,
      req.ip ?? req.socket.remoteAddress ?? 'unknown',
    );
  }

  /** The next access and refresh token for a refresh token; 401 when it is unknown, retired, expired or revoked. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ContractResponse(TokenPair)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  /** Ends this sign-in session: its refresh token and access tokens stop working. Always 204. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ContractResponse(Me)
  me(@CurrentUser() user: AuthUser): Me {
    return { ...user };
  }

  /** Every token of the caller stops working, on every device, and their open sockets close. */
  @Post('logout-everywhere')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  async logoutEverywhere(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
  ): Promise<void> {
    await this.commands.runUser(user.userId, { type: 'RevokeSessions' }, actor);
  }
}
