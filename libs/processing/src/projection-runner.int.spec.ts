import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@pagedesk/event-store';
import { testEvent } from '@pagedesk/event-store/testing';
import { ProjectionFailedError } from './projection-failed-error';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import type { AsyncSqlDb } from './async-sql-db';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

/** Counts how often it saw each event: any count above 1 is a double application. */
class CountingProjection implements Projection {
  readonly name = 'counting';
  readonly tables = [{ name: 'seen', key: ['event_id'] }];
  failOn: ((event: RecordedEvent) => boolean) | undefined;

  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(
      'CREATE TABLE IF NOT EXISTS seen (event_id TEXT PRIMARY KEY, times INTEGER NOT NULL)',
    );
  }

  async dropSchema(): Promise<void> {
    await this.db.exec('DROP TABLE IF EXISTS seen');
  }

  async apply(event: RecordedEvent): Promise<void> {
    await this.db.run(
      'INSERT INTO seen (event_id, times) VALUES (?, 1) ON CONFLICT (event_id) DO UPDATE SET times = seen.times + 1',
      [event.id],
    );
    if (this.failOn?.(event)) throw new Error('disk on fire');
  }

  async counts(): Promise<number[]> {
    const rows = await this.db.all<{ times: number }>('SELECT times FROM seen ORDER BY event_id');
    return rows.map((r) => r.times);
  }
}

describeOnReadModelDbs('ProjectionRunner', (readModelDb, kase) => {
  let dir: string;
  let store: SqliteEventStore;
  let db: AsyncSqlDb;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-projection-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    db = readModelDb();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (count: number, type = 'ThingHappened') => {
    const events = Array.from({ length: count }, (_, i) => testEvent({ i }, type));
    await store.appendToStream(`thing-${Math.random().toString(36).slice(2)}`, events, {
      expectedRevision: 'no_stream',
    });
    return events;
  };

  it('with a filter applies only its events, yet its checkpoint moves past the others, live and in catch-up', async () => {
    await append(3, 'Wanted');
    await append(20, 'Unrelated');
    const projection = Object.assign(new CountingProjection(db), {
      filter: { types: ['Wanted'] },
    });
    const runner = new ProjectionRunner(store, db, projection);
    runner.start();
    await runner.settled();
    expect(await runner.storedPosition()).toBe(23);
    await append(5, 'Unrelated');
    await runner.settled();
    expect(await runner.storedPosition()).toBe(28);
    await runner.stop();
    await append(2, 'Wanted');
    await append(4, 'Unrelated');
    const offline = new ProjectionRunner(store, db, projection);
    expect(await offline.catchUp()).toEqual({ position: 34, applied: 2 });
    expect(await offline.storedPosition()).toBe(34);
    expect(await projection.counts()).toEqual(Array(5).fill(1));
    expect(await offline.lag()).toEqual({ eventsBehind: 0, atLeast: false, msBehind: 0 });
  });

  it('follows the log live and applies every event once, in batches', async () => {
    await append(25);
    const projection = new CountingProjection(db);
    const runner = new ProjectionRunner(store, db, projection, { batchSize: 10 });
    runner.start();
    await runner.settled();
    await append(7);
    await runner.settled();
    expect(await projection.counts()).toEqual(Array(32).fill(1));
    expect(runner.status()).toMatchObject({ position: 32, caughtUp: true, failed: undefined });
    await runner.stop();
  });

  it('stops on an event it cannot apply, naming it, and resumes after the fix without double-applying', async () => {
    const events = await append(30);
    const poison = events[14]!;
    const projection = new CountingProjection(db);
    projection.failOn = (e) => e.id === poison.id;
    const runner = new ProjectionRunner(store, db, projection, { batchSize: 10 });
    runner.start();
    await expect(runner.settled()).rejects.toThrow(
      `projection counting failed on event ${poison.id} (ThingHappened) at position 15: disk on fire`,
    );
    expect(runner.status().failed).toEqual({
      eventId: poison.id,
      type: 'ThingHappened',
      message: expect.stringContaining('disk on fire'),
    });
    // The failed batch was rolled back with its checkpoint: the rows are exactly the events up to
    // the stored checkpoint, before the poison (where batches end depends on how fast they commit).
    const stored = (await runner.storedPosition())!;
    expect(stored).toBeGreaterThanOrEqual(10);
    expect(stored).toBeLessThan(15);
    expect(await projection.counts()).toEqual(Array(stored).fill(1));
    await runner.stop();

    projection.failOn = undefined;
    const resumed = new ProjectionRunner(store, db, projection, { batchSize: 10 });
    resumed.start();
    await resumed.settled();
    expect(await projection.counts()).toEqual(Array(30).fill(1));
    await resumed.stop();
  });

  it('rejects a failure in pull mode too, with the same error', async () => {
    const [, second] = await append(3);
    const projection = new CountingProjection(db);
    projection.failOn = (e) => e.id === second!.id;
    const runner = new ProjectionRunner(store, db, projection);
    const failure = await runner.catchUp().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProjectionFailedError);
    expect(failure).toMatchObject({ eventId: second!.id, eventType: 'ThingHappened' });
    expect(await runner.storedPosition()).toBeUndefined();
  });

  it('rebuilds from zero and reaches the same rows', async () => {
    await append(12);
    const projection = new CountingProjection(db);
    const runner = new ProjectionRunner(store, db, projection, { batchSize: 5 });
    await runner.catchUp();
    await runner.reset();
    expect(await projection.counts()).toEqual([]);
    expect(await runner.storedPosition()).toBeUndefined();
    expect(await runner.catchUp()).toEqual({ position: 12, applied: 12 });
    expect(await projection.counts()).toEqual(Array(12).fill(1));
  });

  it('notices another process moving its checkpoint and resumes from there instead of applying twice', async () => {
    await append(5);
    const projection = new CountingProjection(db);
    const live = new ProjectionRunner(store, db, projection, { batchSize: 3 });
    live.start();
    await live.settled();
    // The CLI's replay in another process empties the tables and forgets the checkpoint.
    const cli = new ProjectionRunner(store, db, new CountingProjection(db));
    await cli.reset();
    await append(4);
    await live.settled();
    expect(await projection.counts()).toEqual(Array(9).fill(1));
    expect(await cli.catchUp()).toEqual({ position: 9, applied: 0 });
    await live.stop();
  });

  // Two nodes' runners on one shared schema (what the work lease should prevent, fenced anyway).
  if (kase.openAgain) {
    const openAgain = kase.openAgain;
    it('two runners on two connections racing over one log apply every event exactly once', async () => {
      await Promise.all(Array.from({ length: 6 }, () => append(40)));
      const other = await openAgain();
      try {
        const projection = new CountingProjection(db);
        const runners = [
          new ProjectionRunner(store, db, projection, { batchSize: 7 }),
          new ProjectionRunner(store, other, new CountingProjection(other), { batchSize: 5 }),
        ];
        for (const runner of runners) runner.start();
        // More arrives while both follow: live batches race too, not only the catch-up.
        for (let i = 0; i < 5; i++) await append(20);
        await Promise.all(runners.map((runner) => runner.settled()));
        await Promise.all(runners.map((runner) => runner.stop()));
        expect(await projection.counts()).toEqual(Array(340).fill(1));
        expect(await runners[1]!.storedPosition()).toBe(340);
      } finally {
        await other.close();
      }
    });
  }

  it('reports how far behind it is, in events and milliseconds', async () => {
    const clock = () => Date.parse('2030-01-01T00:00:10Z');
    const runner = new ProjectionRunner(store, db, new CountingProjection(db), { clock });
    expect(await runner.lag()).toEqual({ eventsBehind: 0, atLeast: false, msBehind: 0 });
    await store.appendToStream(
      'thing-late',
      [
        {
          ...testEvent(),
          metadata: { ...testEvent().metadata, recordedAt: '2030-01-01T00:00:04Z' },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await append(2);
    expect(await runner.lag()).toEqual({ eventsBehind: 3, atLeast: false, msBehind: 6_000 });
    await runner.catchUp();
    expect(await runner.lag()).toEqual({ eventsBehind: 0, atLeast: false, msBehind: 0 });
  });
});
