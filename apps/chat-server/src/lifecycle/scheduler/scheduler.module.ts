import {
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { movesSchedule, scheduledExpiry } from '@pagedesk/lifecycle';
import { CheckpointStore, Reactor } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { conversationStream } from '../../conversations/conversation-stream';
import { InboundModule } from '../../inbound/inbound.module';
import { conversationIdOf } from '../../outbound/conversation-state';
import { ConversationStates } from '../../conversations/conversation-states';
import { READ_MODEL_DB } from '../../read-models/read-model-db.module';
import { LifecycleIndex } from './lifecycle-index';
import { LifecycleScheduler } from './lifecycle-scheduler';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from '../../processing/process-role';

const CONVERSATIONS = conversationStream('');
const SCHEDULE_CONCURRENCY = 16;

/**
 * The durable scheduler: the `lifecycle-schedule` reactor keeps
 * LifecycleIndex equal to what each conversation's events say (re-reading the
 * conversation, so the deadline rules live only in the decider's
 * expiryDeadline), and LifecycleScheduler acts on it (docs/lifecycle.md).
 */
@Module({
  imports: [InboundModule],
  providers: [
    {
      provide: LifecycleIndex,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new LifecycleIndex(db),
    },
    LifecycleScheduler,
  ],
  exports: [LifecycleScheduler],
})
export class SchedulerModule implements OnApplicationBootstrap, OnModuleDestroy {
  readonly reactor: Reactor;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    checkpoints: CheckpointStore,
    index: LifecycleIndex,
    private readonly scheduler: LifecycleScheduler,
    conversations: ConversationStates,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    this.reactor = new Reactor(
      store,
      checkpoints,
      {
        name: 'lifecycle-schedule',
        accepts: (e) => e.streamName.startsWith(CONVERSATIONS) && movesSchedule(e.type),
        handle: async (e) => {
          const conversationId = conversationIdOf(e.streamName);
          const entry = scheduledExpiry(await conversations.load(conversationId));
          index.put(conversationId, entry, e.globalPosition);
          scheduler.wakeFor(entry);
        },
        laneOf: (e) => e.streamName,
        concurrency: SCHEDULE_CONCURRENCY,
      },
      new Logger('Reactor'),
    );
  }

  onApplicationBootstrap(): void {
    if (!runsProcessing(this.role)) return;
    this.reactor.start();
    this.scheduler.start();
  }

  /** Resolves once the schedule reflects everything stored so far (tests). */
  settled(): Promise<void> {
    return this.reactor.settled();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.reactor.stop(), this.scheduler.stop()]);
  }
}
