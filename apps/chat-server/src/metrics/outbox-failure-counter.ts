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

const FAILED: AgentMessageFailed['type'] = 'AgentMessageFailed';

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
        const data = event.data as unknown as AgentMessageFailed['data'];
        this.metrics.outboxFailed(data.reason, data.permanent);
      },
      // The store leaves out (and never decodes) the rest: on main that is every inbox delivery.
      { after: head, filter: { types: [FAILED] } },
    );
    this.subscription.done.catch((error: unknown) =>
      new Logger('Metrics').error({ err: error }, 'outbox failure counter stopped'),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }
}
