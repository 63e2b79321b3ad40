import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AgentMessageFailed } from '@pagedesk/conversation';
import { EVENT_STORE, type EventStore, type Subscription } from '@pagedesk/event-store';
import { OperatorMetrics } from './operator-metrics';

/**
 * Counts Send API failures from the log, from this process's start on: the
 * outbox may run in the processing worker, but every failure it records is an
 * event, so the counter is right wherever the sending happens.
 */
@Injectable()
export class OutboxFailureCounter implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: OperatorMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const head = await this.store.headPosition();
    this.subscription = this.store.subscribeToAll(
      (event) => {
        if (event.type !== 'AgentMessageFailed') return;
        const data = event.data as unknown as AgentMessageFailed['data'];
        this.metrics.outboxFailed(data.reason, data.permanent);
      },
      { after: head },
    );
    this.subscription.done.catch((error: unknown) =>
      new Logger('Metrics').error({ err: error }, 'outbox failure counter stopped'),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }
}
