import { Module, type OnModuleDestroy } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { ServerMetricSources } from './metrics-sources';
import { OperatorMetrics } from './operator-metrics';
import { OutboxFailureCounter } from './outbox-failure-counter';
import { SocketCounts } from './socket-counts.gateway';

/** Operator metrics for Prometheus at /metrics (docs/metrics.md); only where people are served. */
@Module({
  controllers: [MetricsController],
  providers: [
    SocketCounts,
    ServerMetricSources,
    {
      provide: OperatorMetrics,
      inject: [ServerMetricSources],
      useFactory: (sources: ServerMetricSources) => new OperatorMetrics(sources),
    },
    OutboxFailureCounter,
  ],
  exports: [OperatorMetrics],
})
export class MetricsModule implements OnModuleDestroy {
  constructor(private readonly metrics: OperatorMetrics) {}

  onModuleDestroy(): void {
    this.metrics.registry.clear();
  }
}
