import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../event';
import type { EventStore } from '../event-store.port';
import {
  InvalidEventStoreArgumentError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import { testEvent, testEvents, uniqueStream } from './events';
import type { EventStoreFixture, OpenedStore } from './fixture';
import { appendUntilKilled } from './kill-child';

/**
 * The behaviour every EventStore adapter must show. Each adapter's spec calls
 * this with its fixture. Assertions on the global log only look past the head
 * position seen at the start of a test, so it also runs against a shared,
 * non-empty real server.
 */
export function eventStoreContract(fixture: EventStoreFixture): void {
  describe(`EventStore contract: ${fixture.name}`, () => {
    let opened: OpenedStore;
    let store: EventStore;

    beforeEach(async () => {
      opened = await fixture.open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.dispose();
    });

    describe('append and read one stream', () => {
      it('stores events in order with 0-based revisions and increasing global positions', async () => {
        const stream = uniqueStream();
        const events = testEvents(3);
        const result = await store.appendToStream(stream, events, {
          expectedRevision: 'no_stream',
        });
        const read = await store.readStream(stream);
        expect(result.nextExpectedRevision).toBe(2);
        expect(
          read.map((e) => [e.id, e.type, e.data, e.metadata, e.revision, e.streamName]),
        ).toEqual(events.map((e, i) => [e.id, e.type, e.data, e.metadata, i, stream]));
        expect(read[2]!.globalPosition).toBe(result.globalPosition);
        expect(isIncreasing(read.map((e) => e.globalPosition))).toBe(true);
      });

      it('reads forwards and backwards from a revision, with a max count', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(10), { expectedRevision: 'no_stream' });
        const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);
        expect(revisions(await store.readStream(stream, { fromRevision: 4, maxCount: 3 }))).toEqual(
          [4, 5, 6],
        );
        expect(
          revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 })),
        ).toEqual([9, 8]);
        expect(
          revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 3 })),
        ).toEqual([3, 2, 1, 0]);
        expect(await store.readStream(stream, { fromRevision: 10 })).toEqual([]);
      });

      it('rejects reading a stream that does not exist with StreamNotFound', async () => {
        const stream = uniqueStream();
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(store.readStream(stream, { direction: 'backwards' })).rejects.toBeInstanceOf(
          StreamNotFoundError,
        );
      });

      it('answers a stream that does not exist with no events when asked to (ifMissing: empty)', async () => {
        const missing = uniqueStream();
        expect(await store.readStream(missing, { ifMissing: 'empty' })).toEqual([]);
        expect(
          await store.readStream(missing, { direction: 'backwards', ifMissing: 'empty' }),
        ).toEqual([]);
        const stream = uniqueStream();
        await store.appendToStream(stream, [testEvent(), testEvent()], {
          expectedRevision: 'no_stream',
        });
        const stored = await store.readStream(stream, { ifMissing: 'empty' });
        expect(stored.map((e) => e.revision)).toEqual([0, 1]);
        expect(await store.readStream(stream, { fromRevision: 2, ifMissing: 'empty' })).toEqual([]);
        await expect(
          store.readStream(stream, { ifMissing: 'never' as 'empty' }),
        ).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
      });

      it('round-trips a 1 MB event unchanged', async () => {
        const stream = uniqueStream();
        const big = testEvent({
          text: 'ä✓'.repeat(180_000),
          nested: { list: [1, 2.5, null, true, 'x'] },
        });
        expect(JSON.stringify(big.data).length).toBeGreaterThan(300_000);
        await store.appendToStream(stream, [big], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream(stream);
        expect(read!.data).toEqual(big.data);
      });
    });

    describe('expected revision', () => {
      it('no_stream fails on an existing stream and reports the actual revision', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(2), { expectedRevision: 'no_stream' });
        const error = await store
          .appendToStream(stream, testEvents(1), { expectedRevision: 'no_stream' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamName: stream, actual: 1, code: 'conflict' });
      });

      it('an exact revision must be the last revision of the stream', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(3), { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(stream, testEvents(1), { expectedRevision: 1 }),
        ).rejects.toMatchObject({
          actual: 2,
        });
        await expect(
          store.appendToStream(stream, testEvents(1), { expectedRevision: 2 }),
        ).resolves.toMatchObject({
          nextExpectedRevision: 3,
        });
      });

      it('an exact revision on a missing stream reports no_stream', async () => {
        const error = await store
          .appendToStream(uniqueStream(), testEvents(1), { expectedRevision: 0 })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ actual: 'no_stream' });
      });

      it('stream_exists fails on a missing stream and passes on an existing one', async () => {
        const stream = uniqueStream();
        await expect(
          store.appendToStream(stream, testEvents(1), { expectedRevision: 'stream_exists' }),
        ).rejects.toMatchObject({
          actual: 'no_stream',
        });
        await store.appendToStream(stream, testEvents(1), { expectedRevision: 'any' });
        await expect(
          store.appendToStream(stream, testEvents(1), { expectedRevision: 'stream_exists' }),
        ).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('lets exactly one of many concurrent appends at the same revision win', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(1), { expectedRevision: 'no_stream' });
        const attempts = Array.from({ length: 20 }, () =>
          store.appendToStream(stream, testEvents(2), { expectedRevision: 0 }),
        );
        const outcomes = await Promise.allSettled(attempts);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const loss of lost) expect(loss.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('lets concurrent first appends to a new stream race: one no_stream wins', async () => {
        const stream = uniqueStream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.appendToStream(stream, testEvents(1), { expectedRevision: 'no_stream' }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('does not let one append conflict undo concurrent appends to other streams', async () => {
        const streams = Array.from({ length: 10 }, () => uniqueStream());
        const results = await Promise.allSettled([
          ...streams.map((s) =>
            store.appendToStream(s, testEvents(2), { expectedRevision: 'no_stream' }),
          ),
          store.appendToStream(streams[0]!, testEvents(1), { expectedRevision: 5 }),
        ]);
        expect(results.slice(0, 10).every((r) => r.status === 'fulfilled')).toBe(true);
        expect(results[10]!.status).toBe('rejected');
        for (const s of streams) expect(await store.readStream(s)).toHaveLength(2);
      });
    });

    describe('idempotent re-append', () => {
      it('re-appending the same ids at the same exact revision succeeds once, with the same result', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(1), { expectedRevision: 'no_stream' });
        const events = testEvents(2);
        const first = await store.appendToStream(stream, events, { expectedRevision: 0 });
        const again = await store.appendToStream(stream, events, { expectedRevision: 0 });
        expect(again).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('re-appending with no_stream or any is idempotent too', async () => {
        const stream = uniqueStream();
        const events = testEvents(2);
        const first = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        expect(
          await store.appendToStream(stream, events, { expectedRevision: 'no_stream' }),
        ).toEqual(first);
        expect(await store.appendToStream(stream, events, { expectedRevision: 'any' })).toEqual(
          first,
        );
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('different ids at a taken revision are a conflict, not a silent success', async () => {
        const stream = uniqueStream();
        const events = testEvents(2);
        await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(stream, [events[0]!, testEvent()], {
            expectedRevision: 'no_stream',
          }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('global log', () => {
      it('reads events across streams in commit order, after an exclusive position', async () => {
        const head = await store.headPosition();
        const a = uniqueStream();
        const b = uniqueStream();
        await store.appendToStream(a, testEvents(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, testEvents(1), { expectedRevision: 'no_stream' });
        await store.appendToStream(a, testEvents(1), { expectedRevision: 1 });
        const all = (await store.readAll({ after: head })).filter(
          (e) => e.streamName === a || e.streamName === b,
        );
        expect(all.map((e) => [e.streamName, e.revision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
        ]);
        const afterSecond = await store.readAll({ after: all[1]!.globalPosition, maxCount: 1 });
        expect(afterSecond.map((e) => e.id)).toEqual([all[2]!.id]);
        expect(await store.headPosition()).toBe(all[3]!.globalPosition);
      });
    });

    describe('subscription to the global log', () => {
      it('catches up, then goes live, in order with no gap and no duplicate while writers append', async () => {
        const head = await store.headPosition();
        const category = `sub${Date.now()}`;
        const streams = Array.from({ length: 5 }, () => uniqueStream(category));
        for (const s of streams)
          await store.appendToStream(s, testEvents(40), { expectedRevision: 'no_stream' });
        const received: RecordedEvent[] = [];
        let caughtUp = 0;
        const expectedTotal = 5 * 40 + 5 * 60;
        const allReceived = new Promise<void>((resolve) => {
          const subscription = store.subscribeToAll(
            async (event) => {
              if (!event.streamName.startsWith(`${category}-`)) return;
              received.push(event);
              if (received.length % 7 === 0) await new Promise((r) => setTimeout(r, 1));
              if (received.length === expectedTotal) {
                await subscription.stop();
                resolve();
              }
            },
            { after: head, onCaughtUp: () => (caughtUp += 1) },
          );
        });
        await Promise.all(
          streams.map(async (s) => {
            for (let i = 0; i < 20; i++) {
              await store.appendToStream(s, testEvents(3), { expectedRevision: 39 + i * 3 });
            }
          }),
        );
        await allReceived;
        const positions = received.map((e) => e.globalPosition);
        expect(new Set(received.map((e) => e.id)).size).toBe(expectedTotal);
        expect(isIncreasing(positions)).toBe(true);
        const stored = (await store.readAll({ after: head })).filter((e) =>
          e.streamName.startsWith(`${category}-`),
        );
        expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
        expect(caughtUp).toBeGreaterThan(0);
      });

      it('resumes after the given position, exclusively', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(5), { expectedRevision: 'no_stream' });
        const events = await store.readStream(stream);
        const seen: number[] = [];
        await new Promise<void>((resolve) => {
          const subscription = store.subscribeToAll(
            async (event) => {
              if (event.streamName !== stream) return;
              seen.push(event.revision);
              if (event.revision === 4) {
                await subscription.stop();
                resolve();
              }
            },
            { after: events[1]!.globalPosition },
          );
        });
        expect(seen).toEqual([2, 3, 4]);
      });

      it('ends with the handler error instead of skipping the event', async () => {
        const head = await store.headPosition();
        const stream = uniqueStream();
        await store.appendToStream(stream, testEvents(3), { expectedRevision: 'no_stream' });
        const seen: number[] = [];
        const subscription = store.subscribeToAll(
          (event) => {
            if (event.streamName !== stream) return;
            seen.push(event.revision);
            if (event.revision === 1) throw new Error('projection bug');
          },
          { after: head },
        );
        await expect(subscription.done).rejects.toThrow('projection bug');
        expect(seen).toEqual([0, 1]);
      });
    });

    describe('filtered reading', () => {
      /** Unique per test, so a shared server's older events never match. */
      const fresh = () => randomUUID().replace(/-/g, '').slice(0, 12);

      async function mixedLog() {
        const tag = fresh();
        const wanted = `Wanted${tag}`;
        const other = `Other${tag}`;
        const page = uniqueStream(`page${tag}`);
        const inbox = uniqueStream(`inbox${tag}`);
        const head = await store.headPosition();
        await store.appendToStream(page, testEvents(2, wanted), { expectedRevision: 'no_stream' });
        await store.appendToStream(inbox, testEvents(3, other), { expectedRevision: 'no_stream' });
        await store.appendToStream(inbox, testEvents(1, wanted), { expectedRevision: 2 });
        await store.appendToStream(page, testEvents(1, other), { expectedRevision: 1 });
        // The newest events are ones nobody filters for: progress must still reach them.
        await store.appendToStream(inbox, testEvents(40, other), { expectedRevision: 3 });
        const all = (await store.readAll({ after: head })).filter(
          (e) => e.streamName === page || e.streamName === inbox,
        );
        return { tag, wanted, other, page, inbox, head, all };
      }
      const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.id);

      it('reads only the event types, categories or both that were asked for, in log order', async () => {
        const { tag, wanted, head, all, page } = await mixedLog();
        const byType = await store.readAll({ after: head, filter: { types: [wanted] } });
        expect(ids(byType)).toEqual(ids(all.filter((e) => e.type === wanted)));
        const byCategory = await store.readAll({
          after: head,
          filter: { categories: [`page${tag}`] },
        });
        expect(ids(byCategory)).toEqual(ids(all.filter((e) => e.streamName === page)));
        const both = await store.readAll({
          after: head,
          filter: { types: [wanted], categories: [`page${tag}`] },
        });
        expect(ids(both)).toEqual(
          ids(all.filter((e) => e.type === wanted && e.streamName === page)),
        );
        const twoTypes = await store.readAll({
          after: head,
          filter: { types: [`Other${tag}`, wanted] },
        });
        expect(ids(twoTypes)).toEqual(ids(all));
      });

      it('counts only matching events against maxCount and resumes after a position', async () => {
        const { wanted, head, all } = await mixedLog();
        const matching = all.filter((e) => e.type === wanted);
        const first = await store.readAll({
          after: head,
          maxCount: 2,
          filter: { types: [wanted] },
        });
        expect(ids(first)).toEqual(ids(matching.slice(0, 2)));
        const rest = await store.readAll({
          after: first[1]!.globalPosition,
          filter: { types: [wanted] },
        });
        expect(ids(rest)).toEqual(ids(matching.slice(2)));
      });

      it('delivers only matching events and reports caught up at the end of the log, past the events it left out', async () => {
        const { wanted, head, all } = await mixedLog();
        const delivered: RecordedEvent[] = [];
        const caughtUpAt = await new Promise<number | undefined>((resolve) => {
          const subscription = store.subscribeToAll(async (event) => void delivered.push(event), {
            after: head,
            filter: { types: [wanted] },
            onCaughtUp: (position) => {
              void subscription.stop();
              resolve(position);
            },
          });
        });
        expect(ids(delivered)).toEqual(ids(all.filter((e) => e.type === wanted)));
        expect(caughtUpAt).toBeGreaterThanOrEqual(all[all.length - 1]!.globalPosition);
      });

      it('keeps reporting progress live while only unrelated events are appended', async () => {
        const { tag, wanted, inbox } = await mixedLog();
        const head = (await store.headPosition())!;
        let reached = head;
        const delivered: RecordedEvent[] = [];
        const subscription = store.subscribeToAll(async (event) => void delivered.push(event), {
          after: head,
          filter: { types: [wanted] },
          onCaughtUp: (position) => (reached = Math.max(reached, position ?? 0)),
          onProgress: (position) => (reached = Math.max(reached, position)),
        });
        try {
          let revision = 43;
          const unrelated: number[] = [];
          for (let i = 0; i < 10; i++) {
            const result = await store.appendToStream(inbox, testEvents(20, `Other${tag}`), {
              expectedRevision: revision,
            });
            revision = result.nextExpectedRevision;
            unrelated.push(result.globalPosition);
          }
          // Adapters may report progress every so many events left out; half of them is the least expected.
          await waitFor(() => reached >= unrelated[4]!);
          expect(delivered).toEqual([]);
        } finally {
          await subscription.stop();
        }
      });

      it.each([
        ['an empty filter', {}],
        ['an empty list of types', { types: [] }],
        ['an empty category', { categories: [''] }],
      ])('rejects %s', async (_label, filter) => {
        await expect(store.readAll({ filter: filter as never })).rejects.toBeInstanceOf(
          InvalidEventStoreArgumentError,
        );
        expect(() => store.subscribeToAll(() => undefined, { filter: filter as never })).toThrow(
          InvalidEventStoreArgumentError,
        );
      });
    });

    describe('bad input writes nothing', () => {
      const badStreams = ['', 'nodash', '$system-1', 'has space-1', '-1', 'a-'];
      it.each(badStreams)('rejects stream name %j', async (name) => {
        await expect(
          store.appendToStream(name, testEvents(1), { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
      });

      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const badData: [string, unknown][] = [
        ['a bigint', { n: BigInt(1) }],
        ['a function', { f: () => 1 }],
        ['undefined', { u: undefined }],
        ['NaN', { n: Number.NaN }],
        ['a Date instance', { d: new Date() }],
        ['a cycle', circular],
        ['an array at the top', [1, 2]],
      ];
      it.each(badData)(
        'rejects data holding %s, and nothing of the append is stored',
        async (_label, data) => {
          const stream = uniqueStream();
          const head = await store.headPosition();
          const events = [testEvent({ ok: true }), { ...testEvent(), data } as never];
          await expect(
            store.appendToStream(stream, events, { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
          await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
          expect(await store.headPosition()).toBe(head);
        },
      );

      it.each([['latest'], [-1], [1.5], [null], [undefined]])(
        'rejects expected revision %j',
        async (expected) => {
          await expect(
            store.appendToStream(uniqueStream(), testEvents(1), {
              expectedRevision: expected as never,
            }),
          ).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
        },
      );

      it('rejects events without a uuid id or required metadata', async () => {
        const noId = { ...testEvent(), id: 'not-a-uuid' };
        const noActor = { ...testEvent(), metadata: { ...testEvent().metadata, actor: '' } };
        for (const event of [noId, noActor]) {
          await expect(
            store.appendToStream(uniqueStream(), [event], { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
        }
        await expect(
          store.appendToStream(uniqueStream(), [], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
      });
    });

    describe('durability', () => {
      it('keeps every event after close and reopen', async () => {
        const stream = uniqueStream();
        const events = testEvents(25);
        await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        await store.close();
        const reopened = await opened.reopen();
        expect((await reopened.readStream(stream)).map((e) => e.id)).toEqual(
          events.map((e) => e.id),
        );
      });

      it('keeps every acknowledged append when the writing process is killed with SIGKILL', async () => {
        const acks = await appendUntilKilled(opened.childEnv, 300);
        expect(acks.length).toBeGreaterThanOrEqual(300);
        await store.close();
        const reopened = await opened.reopen();
        const byStream = new Map<string, string[]>();
        for (const ack of acks)
          byStream.set(ack.stream, [...(byStream.get(ack.stream) ?? []), ack.id]);
        for (const [stream, ids] of byStream) {
          const stored = (await reopened.readStream(stream)).map((e) => e.id);
          expect(stored.slice(0, ids.length)).toEqual(ids);
          expect(new Set(stored).size).toBe(stored.length);
        }
      }, 60_000);
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function isIncreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!);
}
