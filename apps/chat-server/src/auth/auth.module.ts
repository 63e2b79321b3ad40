import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { systemClock } from '../lifecycle/clock';
import { BackgroundWork } from '../processing/background-work';
import type { Env } from '../config/env';
import { TenantsModule } from '../tenants/tenants.module';
import { BootstrapUsers } from './bootstrap-users';
import { SessionStore } from './session-store';

/**
 * The sign-in sessions as the log records them (a follower on /ready in
 * every thread) and the first users. Sign-in itself, tokens and the guards
 * on every route are AuthWebModule, where HTTP and sockets are served.
 */
@Global()
@Module({
  imports: [TenantsModule],
  providers: [
    {
      provide: SessionStore,
      inject: [EVENT_STORE, BackgroundWork, ConfigService],
      useFactory: (store: EventStore, work: BackgroundWork, config: ConfigService<Env, true>) =>
        new SessionStore(store, work, {
          idleMs: config.get('REFRESH_IDLE_SECONDS', { infer: true }) * 1000,
          absoluteMs: config.get('REFRESH_ABSOLUTE_SECONDS', { infer: true }) * 1000,
          accessTokenMs: config.get('JWT_TTL_SECONDS', { infer: true }) * 1000,
          max: config.get('SESSIONS_IN_MEMORY', { infer: true }),
          // Not the lifecycle clock, which tests move by days: tokens expire by real time.
          clock: systemClock,
        }),
    },
    BootstrapUsers,
  ],
  exports: [SessionStore],
})
export class AuthModule {}
