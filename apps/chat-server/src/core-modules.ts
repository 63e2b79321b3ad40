import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import type { Env } from './config/env';
import { EventStoreModule } from './event-store/event-store.module';
import { ConversationsModule } from './conversations/conversations.module';
import { InboundModule } from './inbound/inbound.module';
import { OutboundModule } from './outbound/outbound.module';
import { ReadModelDbModule } from './read-models/read-model-db.module';
import { ProjectionsModule } from './read-models/projections.module';
import { LoggingModule } from './logging/logging.module';
import { AuthModule } from './auth/auth.module';
import { TenantsModule } from './tenants/tenants.module';
import { PageStoreModule } from './pages/page-store.module';
import { RoutingModule } from './routing/routing.module';
import type { Clock } from './lifecycle/clock';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { SchedulerModule } from './lifecycle/scheduler/scheduler.module';
import { ProcessRoleModule, type ProcessRole } from './processing/process-role';
import { QuarantineModule } from './quarantine/quarantine.module';

/**
 * The modules every container builds: the server's (AppModule, roles `web`
 * and `inline`) and the processing worker's (ProcessorModule). None of them
 * requires a controller, a socket gateway, Swagger or Terminus: a thread
 * loads the files its modules import, and the worker, which serves no HTTP,
 * used to load the whole server (BENCHMARKS.md, "session 9: start-up").
 */
export function coreModules(validated: Env, clock: Clock, role: ProcessRole) {
  return [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => validated }),
    ProcessRoleModule.forRoot(role),
    LoggingModule,
    CqrsModule.forRoot(),
    EventStoreModule,
    ReadModelDbModule,
    ProjectionsModule,
    TenantsModule,
    AuthModule,
    PageStoreModule,
    ConversationsModule,
    InboundModule,
    OutboundModule,
    RoutingModule,
    LifecycleModule.forRoot(clock),
    SchedulerModule,
    QuarantineModule,
  ];
}
