import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { validateEnv } from './config/env';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { ConversationsModule } from './conversations/conversations.module';
import { InboundModule } from './inbound/inbound.module';
import { OutboundModule } from './outbound/outbound.module';
import { ReadModelDbModule } from './read-models/read-model-db.module';
import { ProjectionsModule } from './read-models/projections.module';
import { SupervisionModule } from './supervision/supervision.module';
import { ServiceFiguresModule } from './service-figures/service-figures.module';
import { QualityModule } from './quality/quality.module';
import { LoggingModule } from './logging/logging.module';
import { AuthModule } from './auth/auth.module';
import { TenantsModule } from './tenants/tenants.module';
import { PageStoreModule } from './pages/page-store.module';
import { PagesModule } from './pages/pages.module';
import { RoutingModule } from './routing/routing.module';
import { GatewayModule } from './gateway/gateway.module';
import { SupervisionLiveModule } from './supervision-live/supervision-live.module';
import { DemoModule } from './demo/demo.module';
import { MetricsModule } from './metrics/metrics.module';
import { systemClock, type Clock } from './lifecycle/clock';
import type { Lease } from './cluster/lease';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { SchedulerModule } from './lifecycle/scheduler/scheduler.module';
import type { EarlyWorker } from './processing/early-worker';
import { ProcessRoleModule, servesPeople, type ProcessRole } from './processing/process-role';
import { ProcessingModule } from './processing/processing.module';
import { QuarantineModule } from './quarantine/quarantine.module';
import { DeskModule } from './desk/desk.module';

@Module({})
export class AppModule {
  /**
   * A function, not a static decorator, so configuration is validated when main() asks, not at import.
   * The processing worker (role `processor`) leaves out the socket gateways and the demo.
   */
  static register(
    env: Record<string, unknown> = process.env,
    clock: Clock = systemClock,
    role?: ProcessRole,
    workerEntry?: string,
    earlyWorker?: EarlyWorker,
    workLease?: Lease,
  ): DynamicModule {
    const validated = validateEnv(env);
    const chosen = role ?? (validated.PROCESSING === 'inline' ? 'inline' : 'web');
    const shared = [
      EventStoreModule,
      ReadModelDbModule,
      ProjectionsModule,
      HealthModule,
      TenantsModule,
      AuthModule,
      PageStoreModule,
      ConversationsModule,
      InboundModule,
      PagesModule,
      SupervisionModule,
      ServiceFiguresModule,
      QualityModule,
      OutboundModule,
      RoutingModule,
      LifecycleModule.forRoot(clock),
      SchedulerModule,
      QuarantineModule,
      DeskModule,
    ];
    // Controllers are instantiated even without HTTP, so the worker keeps the modules they need; it drops the sockets and the demo.
    const people = [
      GatewayModule,
      SupervisionLiveModule,
      MetricsModule,
      // Demo providers and routes exist only when main.ts chose demo mode.
      ...(validated.DEMO === '1' ? [DemoModule] : []),
    ];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => validated }),
        ProcessRoleModule.forRoot(chosen),
        LoggingModule,
        CqrsModule.forRoot(),
        ...shared,
        ...(servesPeople(chosen) ? people : []),
        ProcessingModule.forRole(chosen, env, workerEntry, earlyWorker, workLease),
      ],
    };
  }
}
