import { Inject, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { endsConversation, type ConversationState } from '@pagedesk/conversation';
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
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    // On every node, so a node taking the work lease over has every conversation's deadlines in its own index.
    this.reactor = work.localIndex({
      name: 'lifecycle-schedule',
      accepts: (e) => e.streamName.startsWith(CONVERSATIONS) && movesSchedule(e.type),
      filter: { types: SCHEDULE_MOVING_TYPES, categories: ['conversation'] },
      handle: async (e) => {
        const conversationId = conversationIdOf(e.streamName);
        if (endsConversation(e.type)) {
          // No read: an ended conversation has no deadline whatever else it holds. The read
          // also dropped this thread's cached state of it (an ended one is never kept).
          conversations.cache.forget(e.streamName);
          index.put(conversationId, null, e.globalPosition);
          return;
        }
        const state = await latestUnlessMovedLater(conversations, store, e);
        if (state === undefined) return;
        const entry = scheduledExpiry(state);
        index.put(conversationId, entry, e.globalPosition);
        scheduler.wakeFor(entry);
      },
      laneOf: (e) => e.streamName,
      concurrency: SCHEDULE_CONCURRENCY,
      beforeCheckpoint: () => index.flush(),
    });
    work.add(scheduler);
  }

  /** Resolves once the schedule reflects everything stored so far (tests). */
  settled(): Promise<void> {
    return this.reactor.settled();
  }
}

/**
 * The conversation as it is now, or undefined when a later event of it moves
 * the schedule too: this reactor will see that one and write the row then
 * (start, admission and first message come in one append). When this thread
 * appended `e` or a later event itself and has seen none since, that state
 * is taken without a read: another writer's later event that moves the
 * schedule reaches this reactor too, and one that does not cannot change
 * the entry (MOVES_SCHEDULE). Whether one of the events between `e` and that
 * state moves the schedule is then told by the types this thread appended
 * (its own appends in a row), read only when they do not reach back to `e`.
 * Another writer's event (an agent's assignment, from the web thread) found
 * one past this thread's cached state is folded onto it, unread: the state
 * at `e`, which each later event that moves the schedule updates in turn.
 * An ended state is taken as it is: its entry (none) is final, so whatever
 * came later cannot change it.
 */
async function latestUnlessMovedLater(
  conversations: ConversationStates,
  store: EventStore,
  e: RecordedEvent,
): Promise<ConversationState | undefined> {
  const conversationId = conversationIdOf(e.streamName);
  const own = conversations.appendedHere(conversationId);
  const latest: { state: ConversationState; revision?: number; appendedTypes?: readonly string[] } =
    own && own.revision >= e.revision
      ? own
      : (conversations.handed(e) ?? (await conversations.current(conversationId)));
  const { state, revision, appendedTypes = [] } = latest;
  if (state.status === 'ended' || revision === undefined || revision <= e.revision) return state;
  const after = revision - e.revision;
  const known = appendedTypes.slice(-after);
  if (known.some(movesSchedule)) return undefined;
  if (known.length === after) return state;
  return (await movedLater(store, e)) ? undefined : state;
}

/** A later event of the same conversation moves the schedule too: this reactor will see it and write the row then. */
async function movedLater(store: EventStore, event: RecordedEvent): Promise<boolean> {
  const later = await store.readStream(event.streamName, { fromRevision: event.revision + 1 });
  return later.some((e) => movesSchedule(e.type));
}
