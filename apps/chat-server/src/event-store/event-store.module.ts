import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createEventStore,
  EVENT_STORE,
  loadEventStoreConfig,
  type EventStore,
  type EventStoreConfig,
} from '@pagedesk/event-store';
import type { Env } from '../config/env';
import { PROCESS_ROLE, type ProcessRole } from '../processing/process-role';

/**
 * With processing in a worker thread, SQLite's checkpoints run in the
 * worker's commits, not in the acknowledging thread's (docs/event-store.md).
 */
function withCheckpointsFor(role: ProcessRole, config: EventStoreConfig): EventStoreConfig {
  return config.kind === 'sqlite' && role === 'web'
    ? { ...config, checkpoints: 'elsewhere' }
    : config;
}

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ConfigService, PROCESS_ROLE],
      useFactory: (config: ConfigService<Env, true>, role: ProcessRole) =>
        createEventStore(
          withCheckpointsFor(
            role,
            loadEventStoreConfig({
              DATA_DIR: config.get('DATA_DIR'),
              SQLITE_SYNCHRONOUS: config.get('SQLITE_SYNCHRONOUS'),
              EVENTSTORE_CONNECTION_STRING: config.get('EVENTSTORE_CONNECTION_STRING'),
              DATABASE_URL: config.get('DATABASE_URL'),
              DATABASE_SESSION_URL: config.get('DATABASE_SESSION_URL'),
            }),
          ),
          { onTransientError: (message) => new Logger('EventStore').warn(`${message}; retrying`) },
        ),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
