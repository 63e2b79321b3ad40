import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { RestThrottlerGuard } from '../security/rest-throttler.guard';
import type { Env } from '../config/env';
import { TenantDirectory } from '../tenants/tenant-directory';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter';
import { SessionStore } from './session-store';
import { SESSION_LIFETIMES, Sessions } from './sessions';
import { SocketSessions } from './socket-sessions';
import type { SessionLifetimes } from '@pagedesk/tenancy';
import { TokenVerifier } from './token-verifier';

/**
 * Sign-in, tokens and the guards over AuthModule's sessions, where HTTP and
 * sockets are served. Global so any module (the socket.io gateway included)
 * can inject TokenVerifier; installs AuthGuard for every route under /api.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        errorMessage: 'too many requests; slow down and try again shortly',
        throttlers: [
          {
            limit: config.get('REST_RATE_LIMIT', { infer: true }),
            ttl: config.get('REST_RATE_WINDOW_SECONDS', { infer: true }) * 1000,
          },
        ],
      }),
    }),
    JwtModule.registerAsync({
      inject: [ConfigService],
      // Always set by now: bootstrap.ts requires it in production and keeps a development one in DATA_DIR.
      // A key object, not the string: given a string, jsonwebtoken first tries to parse it as a public key
      // and catches the failure on every verify, which took a quarter of the socket thread under load.
      useFactory: (config: ConfigService<Env, true>) => {
        const secret = config.get('JWT_SECRET', { infer: true });
        if (!secret) throw new Error('JWT_SECRET is not set');
        return { secret: createSecretKey(Buffer.from(secret, 'utf8')) };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    {
      provide: TokenVerifier,
      inject: [JwtService, TenantDirectory, SessionStore, ConfigService],
      useFactory: (
        jwt: JwtService,
        directory: TenantDirectory,
        sessions: SessionStore,
        config: ConfigService<Env, true>,
      ) =>
        new TokenVerifier(jwt, directory, sessions, config.get('JWT_TTL_SECONDS', { infer: true })),
    },
    Sessions,
    {
      provide: SESSION_LIFETIMES,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>): SessionLifetimes => ({
        idleMs: config.get('REFRESH_IDLE_SECONDS', { infer: true }) * 1000,
        absoluteMs: config.get('REFRESH_ABSOLUTE_SECONDS', { infer: true }) * 1000,
      }),
    },
    {
      provide: SocketSessions,
      inject: [TokenVerifier, TenantDirectory, SessionStore, ConfigService],
      useFactory: (
        tokens: TokenVerifier,
        directory: TenantDirectory,
        sessions: SessionStore,
        config: ConfigService<Env, true>,
      ) =>
        new SocketSessions(
          tokens,
          directory,
          sessions,
          config.get('SOCKETS_PER_USER', { infer: true }),
        ),
    },
    { provide: LoginLimiter, useFactory: () => new LoginLimiter() },
    { provide: APP_GUARD, useClass: AuthGuard },
    // After AuthGuard: signed-in callers are counted per user.
    { provide: APP_GUARD, useClass: RestThrottlerGuard },
    AuthService,
  ],
  exports: [TokenVerifier, SocketSessions],
})
export class AuthWebModule {}
