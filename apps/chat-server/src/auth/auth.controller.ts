import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestActor } from '../tenants/actor';
import { TenantCommands, type Actor } from '../tenants/tenant-commands';
import type { Request } from 'express';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { CurrentUser, Public } from './decorators';
import { LoginDto, LoginResponse, MeResponse, RefreshDto } from './login.dto';

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
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponse> {
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
  @ApiOkResponse({ type: LoginResponse })
  refresh(@Body() body: RefreshDto): Promise<LoginResponse> {
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
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): MeResponse {
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
