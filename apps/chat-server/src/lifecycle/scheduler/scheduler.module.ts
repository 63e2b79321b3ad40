import { Module } from '@nestjs/common';
import { movesSchedule, SCHEDULE_MOVING_TYPES, scheduledExpiry } from '@pagedesk/lifecycle';
import type { Reactor } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { conversationStream } from '../../conversations/conversation-stream';
import { InboundModule } from '../../inbound/inbound.module';
import { conversationIdOf } from '../../outbound/conversation-state';
import { ConversationStates } from '../../conversations/conversation-states';
import { READ_MODEL_DB } from '../../read-models/read-model-db.module';
import { LifecycleIndex } from './lifecycle-index';
import { LifecycleScheduler } from './lifecycle-scheduler';
import { BackgroundWork } from '../../processing/background-work';

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
export class SchedulerModule {
  readonly reactor: Reactor;

  constructor(
    work: BackgroundWork,
    index: LifecycleIndex,
    scheduler: LifecycleScheduler,
    conversations: ConversationStates,
  ) {
    this.reactor = work.reactor({
      name: 'lifecycle-schedule',
      accepts: (e) => e.streamName.startsWith(CONVERSATIONS) && movesSchedule(e.type),
      filter: { types: SCHEDULE_MOVING_TYPES, categories: ['conversation'] },
      handle: async (e) => {
        const conversationId = conversationIdOf(e.streamName);
        const entry = scheduledExpiry(await conversations.load(conversationId));
        index.put(conversationId, entry, e.globalPosition);
        scheduler.wakeFor(entry);
      },
      laneOf: (e) => e.streamName,
      concurrency: SCHEDULE_CONCURRENCY,
    });
    work.add(scheduler);
  }

  /** Resolves once the schedule reflects everything stored so far (tests). */
  settled(): Promise<void> {
    return this.reactor.settled();
  }
}
