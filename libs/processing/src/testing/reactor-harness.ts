import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@pagedesk/event-store';
import { testEvent } from '@pagedesk/event-store/testing/events';
import { CheckpointStore } from '../checkpoint-store';
import { openReadModelDb } from '../read-model-db';
import { Reactor, type ReactorOptions } from '../reactor';

const quiet = { error: () => undefined, warn: () => undefined };

export interface ReactorHarness {
  readonly store: SqliteEventStore;
  readonly checkpoints: CheckpointStore;
  /** Appends `count` test events to the stream `lane-<lane>`. */
  append(lane: string, count: number): Promise<void>;
  /** Starts a reactor named `test`; every reactor started is stopped after each test. */
  start(options: Partial<ReactorOptions> & Pick<ReactorOptions, 'handle'>): Reactor;
}

/**
 * A fresh SQLite store and checkpoint table for each test of the calling
 * `describe`, so the reactor specs share one set-up instead of each keeping
 * a copy. `accepts` is the reactor's default filter.
 */
export function useReactorHarness(accepts: ReactorOptions['accepts']): ReactorHarness {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: CheckpointStore;
  const reactors: Reactor[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-reactor-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    checkpoints = new CheckpointStore(openReadModelDb(join(dir, 'read-models.db')));
  });
  afterEach(async () => {
    await Promise.all(reactors.splice(0).map((r) => r.stop()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    get store() {
      return store;
    },
    get checkpoints() {
      return checkpoints;
    },
    async append(lane, count) {
      for (let i = 0; i < count; i++)
        await store.appendToStream(`lane-${lane}`, [testEvent({ i })], { expectedRevision: 'any' });
    },
    start(options) {
      const reactor = new Reactor(store, checkpoints, { name: 'test', accepts, ...options }, quiet);
      reactors.push(reactor);
      reactor.start();
      return reactor;
    },
  };
}

export const laneOf = (e: RecordedEvent): string => e.streamName;
