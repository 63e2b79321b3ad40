import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SqliteEventStore, type RecordedEvent } from '@pagedesk/event-store';
import { StoreFaults } from '@pagedesk/event-store/testing/store-faults';
import { testEvent } from '@pagedesk/event-store/testing/events';
import { LogFollower } from './log-follower';

describe('LogFollower after start', () => {
  let dir: string;
  let store: SqliteEventStore;
  let follower: LogFollower;

  // The expected "follower failed; resuming" warning stays out of the test output.
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-follower-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await follower.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (i: number) =>
    (await store.appendToStream('thing-1', [testEvent({ i })], { expectedRevision: 'any' }))
      .globalPosition;

  it('reports a failed subscription, resumes after what it applied, and wakes those waiting', async () => {
    const faults = StoreFaults.inject(store);
    const applied: number[] = [];
    follower = new LogFollower(
      store,
      { categories: ['thing'] },
      () => true,
      (e: RecordedEvent) => void applied.push(e.data.i as number),
      'things',
    );
    await append(0);
    await follower.start();
    faults.breakSubscriptions();
    const position = await append(1);
    await append(2);
    // The inbound reactor waits like this for pages and queues: it must not wait for good.
    await follower.waitFor(position);
    expect(applied.slice(0, 2)).toEqual([0, 1]);
    expect(follower.status()).toMatchObject({
      name: 'things',
      kind: 'follower',
      lastError: { reason: 'unavailable', message: 'injected fault: subscription lost' },
    });
    await follower.waitFor(position + 1);
    expect(applied).toEqual([0, 1, 2]);
    expect(follower.status().state).toBe('running');
  });

  it('wakes a writer whose event the subscription applied while the store was asked about it', async () => {
    const applied: number[] = [];
    let onApplied = () => undefined as void;
    follower = new LogFollower(
      store,
      { categories: ['thing'] },
      () => true,
      (e: RecordedEvent) => {
        applied.push(e.globalPosition);
        onApplied();
      },
      'things',
    );
    await follower.start();
    // A PostgreSQL read is a round trip: the subscription can deliver the event before the answer naming it arrives.
    const readAll = store.readAll.bind(store);
    store.readAll = async (options) => {
      const events = await readAll(options);
      const named = events[0]?.globalPosition;
      if (named !== undefined && !applied.includes(named))
        await new Promise<void>(
          (resolve) => (onApplied = () => applied.includes(named) && resolve()),
        );
      return events;
    };
    const position = await append(1);
    await expect(withinSeconds(3, follower.waitFor(position))).resolves.toBeUndefined();
    expect(applied).toEqual([position]);
  });
});

/** A deadline, not a synchronisation: the writer must be woken at all. */
function withinSeconds<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
