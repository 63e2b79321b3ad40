import { type DynamicModule, Module } from '@nestjs/common';
import { validateEnv } from './config/env';
import { coreModules } from './core-modules';
import { HealthModule } from './health/health.module';
import { InboundWebModule } from './inbound/inbound-web.module';
import { OutboundWebModule } from './outbound/outbound-web.module';
import { SupervisionModule } from './supervision/supervision.module';
import { ServiceFiguresModule } from './service-figures/service-figures.module';
import { QualityModule } from './quality/quality.module';
import { AuthWebModule } from './auth/auth-web.module';
import { TenantsWebModule } from './tenants/tenants-web.module';
import { PagesModule } from './pages/pages.module';
import { GatewayModule } from './gateway/gateway.module';
import { SupervisionLiveModule } from './supervision-live/supervision-live.module';
import { DemoModule } from './demo/demo.module';
import { MetricsModule } from './metrics/metrics.module';
import { systemClock, type Clock } from './lifecycle/clock';
import type { Lease } from './cluster/lease';
import type { EarlyWorker } from './processing/early-worker';
import { ProcessingModule } from './processing/processing.module';
import { QuarantineWebModule } from './quarantine/quarantine-web.module';
import { DeskModule } from './desk/desk.module';

/** The server where people connect (role `web`, or `inline`); the processing worker builds ProcessorModule instead. */
@Module({})
export class AppModule {
  /** A function, not a static decorator, so configuration is validated when main() asks, not at import. */
  static register(
    env: Record<string, unknown> = process.env,
    clock: Clock = systemClock,
    workerEntry?: string,
    earlyWorker?: EarlyWorker,
    workLease?: Lease,
  ): DynamicModule {
    const validated = validateEnv(env);
    const role = validated.PROCESSING === 'inline' ? 'inline' : 'web';
    // HTTP routes, sockets, metrics and the demo, in the order their routes were always registered (the first matching route answers).
    const web = [
      HealthModule,
      TenantsWebModule,
      AuthWebModule,
      InboundWebModule,
      PagesModule,
      SupervisionModule,
      ServiceFiguresModule,
      QualityModule,
      OutboundWebModule,
      QuarantineWebModule,
      DeskModule,
      GatewayModule,
      SupervisionLiveModule,
      MetricsModule,
      // Demo providers and routes exist only when main.ts chose demo mode.
      ...(validated.DEMO === '1' ? [DemoModule] : []),
    ];
    return {
      module: AppModule,
      imports: [
        ...coreModules(validated, clock, role),
        ...web,
        ProcessingModule.forRole(role, env, workerEntry, earlyWorker, workLease),
      ],
    };
  }
}
