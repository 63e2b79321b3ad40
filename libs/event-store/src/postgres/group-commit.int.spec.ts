import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { WrongExpectedVersionError } from '../errors';
import { testEvents, uniqueStream } from '../testing/events';
import { PostgresEventStore } from './postgres-event-store';

// Appends made in the same tick reach pagedesk_append_batch together. A batch
// whose appends are all taken as they are is inserted in one statement; any
// other goes append by append. Both must answer as if each append came alone.
let server: TestPostgres;
let store: PostgresEventStore;
beforeAll(async () => {
  server = await startTestPostgres();
  store = await PostgresEventStore.connect(await server.createDatabase());
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

describe('PostgreSQL adapter: appends committed together', () => {
  it('gives one tick of appends to different streams positions in call order, each result naming its last event', async () => {
    const existing = [uniqueStream(), uniqueStream()];
    for (const s of existing)
      await store.appendToStream(s, testEvents(2), { expectedRevision: 'no_stream' });
    const appends = [
      { stream: uniqueStream(), events: testEvents(1), expectedRevision: 'no_stream' as const },
      { stream: existing[0]!, events: testEvents(3), expectedRevision: 1 },
      { stream: uniqueStream(), events: testEvents(2), expectedRevision: 'any' as const },
      { stream: existing[1]!, events: testEvents(2), expectedRevision: 'stream_exists' as const },
    ];
    const before = (await store.headPosition()) ?? 0;

    const results = await Promise.all(
      appends.map((a) =>
        store.appendToStream(a.stream, a.events, { expectedRevision: a.expectedRevision }),
      ),
    );

    const log = await store.readAll({ after: before });
    expect(log.map((e) => e.id)).toEqual(appends.flatMap((a) => a.events.map((e) => e.id)));
    appends.forEach((a, i) => {
      const last = log.find((e) => e.id === a.events[a.events.length - 1]!.id)!;
      expect(results[i]).toEqual({
        nextExpectedRevision: last.revision,
        globalPosition: last.globalPosition,
      });
    });
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 4, 1, 3]);
  });

  it('answers a re-append or a conflict in the same tick as others as if each came alone', async () => {
    const [taken, moved] = [uniqueStream(), uniqueStream()];
    const retried = testEvents(2);
    const first = await store.appendToStream(taken, retried, { expectedRevision: 'no_stream' });
    const movedTo = await store.appendToStream(moved, retried.slice(0, 1), {
      expectedRevision: 'no_stream',
    });

    // Every expected revision is met in these ticks: only the ids tell the re-append.
    const tick = (stream: string, expectedRevision: 'any' | 'stream_exists', events = retried) =>
      Promise.all([
        store.appendToStream(uniqueStream(), testEvents(1), { expectedRevision: 'no_stream' }),
        store.appendToStream(stream, events, { expectedRevision }),
      ]);
    expect((await tick(taken, 'any'))[1]).toEqual(first);
    expect((await tick(moved, 'stream_exists', retried.slice(0, 1)))[1]).toEqual(movedTo);

    const [ok, conflict, missing] = await Promise.allSettled([
      store.appendToStream(uniqueStream(), testEvents(1), { expectedRevision: 'no_stream' }),
      store.appendToStream(taken, testEvents(1), { expectedRevision: 0 }),
      store.appendToStream(uniqueStream(), testEvents(1), { expectedRevision: 'stream_exists' }),
    ]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
    expect(conflict.status === 'rejected' && conflict.reason).toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect(conflict).toMatchObject({ reason: { actual: 1 } });
    expect(missing).toMatchObject({ status: 'rejected', reason: { actual: 'no_stream' } });
    expect(await store.readStream(taken)).toHaveLength(2);
    expect(await store.readStream(moved)).toHaveLength(1);
  });
});
