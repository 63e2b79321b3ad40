import { join } from 'node:path';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createEventStore,
  EVENT_STORE,
  loadEventStoreConfig,
  SqliteEventStore,
  type EventStore,
  type EventStoreConfig,
} from '@pagedesk/event-store';
import type { Env } from '../config/env';
import { PROCESS_ROLE, type ProcessRole } from '../processing/process-role';

/**
 * PROTOTYPE (session 15, not for main): on SQLite the webhook's inbox goes to a
 * file of its own, `DATA_DIR/inbox.db`, so its commits never wait for the
 * processing worker's write lock on events.db. INBOX_OWN_FILE=0 keeps it in
 * events.db (the store is then EVENT_STORE itself).
 */
export const INBOX_STORE = Symbol('INBOX_STORE');
/**
 * The worker copies the inbox's WAL back four times a second: about as often
 * as SQLite's automatic checkpoint (1,000 pages) would at 1,000 deliveries/s
 * (1,000 deliveries in 50 commits are ~1,150 pages; the acknowledging thread
 * commits ~450 times a second). Not by the WAL file's size: after a reset the
 * file keeps its size (up to journal_size_limit), so a size test would
 * checkpoint at every tick.
 */
const INBOX_CHECKPOINT_EVERY_MS = 250;

/**
 * With processing in a worker thread, SQLite's checkpoints run in the
 * worker's commits, not in the acknowledging thread's (docs/event-store.md).
 */
function withCheckpointsFor(role: ProcessRole, config: EventStoreConfig): EventStoreConfig {
  return config.kind === 'sqlite' && role === 'web'
    ? { ...config, checkpoints: 'elsewhere' }
    : config;
}

function configOf(config: ConfigService<Env, true>): EventStoreConfig {
  return loadEventStoreConfig({
    DATA_DIR: config.get('DATA_DIR'),
    SQLITE_SYNCHRONOUS: config.get('SQLITE_SYNCHRONOUS'),
    EVENTSTORE_CONNECTION_STRING: config.get('EVENTSTORE_CONNECTION_STRING'),
    DATABASE_URL: config.get('DATABASE_URL'),
    DATABASE_SESSION_URL: config.get('DATABASE_SESSION_URL'),
  });
}

let inboxCheckpointTimer: NodeJS.Timeout | undefined;

async function openInbox(
  config: ConfigService<Env, true>,
  role: ProcessRole,
  store: EventStore,
): Promise<EventStore> {
  const base = configOf(config);
  if (base.kind !== 'sqlite' || process.env.INBOX_OWN_FILE === '0') return store;
  const inbox = await SqliteEventStore.open(join(config.get('DATA_DIR'), 'inbox.db'), {
    synchronous: base.synchronous,
    checkpoints: role === 'web' ? 'elsewhere' : 'here',
  });
  // The worker only reads the inbox, so SQLite's automatic checkpoint (run in a commit) never runs there: it copies the WAL back itself.
  if (role === 'processor') {
    inboxCheckpointTimer = setInterval(() => inbox.checkpointPassive(), INBOX_CHECKPOINT_EVERY_MS);
    inboxCheckpointTimer.unref();
  }
  return inbox;
}

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService, PROCESS_ROLE],
      useFactory: (config: ConfigService<Env, true>, role: ProcessRole) =>
        createEventStore(withCheckpointsFor(role, configOf(config)), {
          onTransientError: (message) => new Logger('EventStore').warn(`${message}; retrying`),
        }),
    },
    {
      provide: INBOX_STORE,
      inject: [ConfigService, PROCESS_ROLE, EVENT_STORE],
      useFactory: openInbox,
    },
  ],
  exports: [EVENT_STORE, INBOX_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INBOX_STORE) private readonly inbox: EventStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    clearInterval(inboxCheckpointTimer);
    if (this.inbox !== this.store) await this.inbox.close();
    await this.store.close();
  }
}
