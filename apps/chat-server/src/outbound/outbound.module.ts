import {
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { CheckpointStore, Reactor } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { InboundModule } from '../inbound/inbound.module';
import { READ_MODEL_DB } from '../read-models/read-model-db.module';
import { AutomaticMessages } from './automatic-messages/automatic-messages';
import { OutboxDelivery } from './outbox/outbox-delivery';
import { OutboxIndex } from './outbox/outbox-index';
import { OutboxLanes } from './outbox/outbox-lanes';
import { SendAgentMessage } from './send-agent-message/send-agent-message';
import { SendSenderAction } from './send-sender-action/send-sender-action';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from '../processing/process-role';

/**
 * Outbound to Messenger. Two reactors on the log: one asks for the page's
 * automatic messages, one indexes the outbox and wakes the conversation's
 * lane; the lanes deliver (see docs/outbound.md).
 */
@Module({
  imports: [InboundModule],
  providers: [
    {
      provide: OutboxIndex,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new OutboxIndex(db),
    },
    OutboxDelivery,
    OutboxLanes,
    AutomaticMessages,
    SendAgentMessage,
    SendSenderAction,
  ],
  exports: [SendAgentMessage, SendSenderAction],
})
export class OutboundModule implements OnApplicationBootstrap, OnModuleDestroy {
  readonly reactors: Reactor[];

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    checkpoints: CheckpointStore,
    private readonly index: OutboxIndex,
    readonly lanes: OutboxLanes,
    automatic: AutomaticMessages,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    const logger = new Logger('Reactor');
    this.reactors = [
      new Reactor(
        store,
        checkpoints,
        {
          name: 'automatic-messages',
          accepts: (e) => automatic.accepts(e),
          handle: (e) => automatic.handle(e),
        },
        logger,
      ),
      new Reactor(
        store,
        checkpoints,
        {
          name: 'outbox',
          accepts: (e) => index.accepts(e),
          handle: async (e) => {
            const conversationId = index.apply(e);
            if (conversationId !== undefined) lanes.kick(conversationId);
          },
        },
        logger,
      ),
    ];
  }

  onApplicationBootstrap(): void {
    if (!runsProcessing(this.role)) return;
    for (const conversationId of this.index.pendingConversations()) this.lanes.kick(conversationId);
    for (const reactor of this.reactors) reactor.start();
  }

  /** Waits until every request stored so far is delivered or given up on (tests, benchmarks). */
  async settled(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await Promise.all(this.reactors.map((r) => r.settled()));
      await this.lanes.idle();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.reactors.map((r) => r.stop()), this.lanes.stop()]);
  }
}
