import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { StoreFaults } from '@pagedesk/event-store/testing/store-faults';
import { testEvent } from '@pagedesk/event-store/testing/events';
import { AppError, deterministicUuid } from '@pagedesk/shared';
import {
  ITEM_QUARANTINED,
  QuarantineBook,
  quarantineStream,
  readQuarantine,
  requestRetry,
} from './quarantine';
import type { Reactor } from './reactor';
import { laneOf, useReactorHarness } from './testing/reactor-harness';

describe('Reactor failure classes', () => {
  const h = useReactorHarness((e) => e.streamName.startsWith('lane-'));
  const { append, start } = h;
  /** The handler's side effect: one output event per input, with an id derived from it (idempotent). */
  const mirror = (e: RecordedEvent) =>
    h.store
      .appendToStream(
        `out-${e.streamName}`,
        [{ ...testEvent({ from: e.id }), id: deterministicUuid(`out|${e.id}`) }],
        { expectedRevision: 'any' },
      )
      .then(() => undefined);
  const outputs = async (lane: string) =>
    (
      await h.store
        .readStream(`out-lane-${lane}`)
        .catch((e: unknown) => (e instanceof StreamNotFoundError ? [] : Promise.reject(e)))
    ).map((e) => e.data.from);
  const quarantined = async () => (await readQuarantine(h.store, 'test')).list();
  /**
   * Retries a few milliseconds apart: these tests are about what is retried and that
   * nothing stops, not about the production schedule (the "for a while" test keeps that,
   * and backoff.unit.spec.ts its shape).
   */
  const retryDelay = () => 5;

  it.each([1, 8])(
    'retries a transient failure without limit and never stops (concurrency %i)',
    async (concurrency) => {
      await append('a', 3);
      let failures = 0;
      const states = new Set<string>();
      const reactor = start({
        laneOf,
        concurrency,
        retryDelay,
        handle: async (e) => {
          states.add(reactor.status().state);
          // Far beyond the five tries after which the reactor used to stop.
          if (e.revision === 1 && failures < 8) {
            failures += 1;
            throw new EventStoreUnavailableError('store busy');
          }
          await mirror(e);
        },
      });
      await reactor.settled();
      expect(failures).toBe(8);
      expect(states).toContain('retrying');
      expect(reactor.status()).toMatchObject({
        state: 'running',
        lastError: { reason: 'unavailable', message: 'store busy' },
      });
      expect(await outputs('a')).toHaveLength(3);
      expect(await quarantined()).toEqual([]);
    },
  );

  it('quarantines a permanent failure with its reason and goes on with the same lane', async () => {
    await append('a', 4);
    const events = await h.store.readAll();
    const reactor = start({
      laneOf,
      concurrency: 4,
      handle: async (e) => {
        if (e.revision === 1) throw new AppError('invalid', 'stream name must look like x');
        await mirror(e);
      },
    });
    await reactor.settled();
    expect(await outputs('a')).toEqual([events[0]!.id, events[2]!.id, events[3]!.id]);
    expect(await quarantined()).toEqual([
      expect.objectContaining({
        reactor: 'test',
        eventId: events[1]!.id,
        position: events[1]!.globalPosition,
        item: null,
        lane: 'lane-a',
        reason: 'invalid',
        error: 'stream name must look like x',
        status: 'quarantined',
      }),
    ]);
    expect(h.checkpoints.get('test')).toBe(await h.store.headPosition());
    expect(reactor.status().state).toBe('running');
  });

  it('quarantines the same item the same way when it sees it again after a crash', async () => {
    await append('a', 2);
    const handle = async (e: RecordedEvent) => {
      if (e.revision === 0) throw new Error('cannot apply');
    };
    const crashed = start({ handle });
    await crashed.settled();
    await crashed.stop();
    h.checkpoints.reset('test');
    await start({ handle }).settled();
    const stream = await h.store.readStream(quarantineStream('test'));
    expect(stream.map((e) => e.type)).toEqual([ITEM_QUARANTINED]);
  });

  it('re-applies a quarantined event on request with the current code, once, however often asked', async () => {
    await append('a', 1);
    let fixed = false;
    const reactor = start({
      handle: async (e) => {
        if (!fixed) throw new Error('bug');
        await mirror(e);
      },
    });
    await reactor.settled();
    const [item] = await quarantined();
    fixed = true;
    await requestRetry(h.store, item!, 'operator', 'r1');
    await reactor.settled();
    await requestRetry(h.store, item!, 'operator', 'r2');
    await reactor.settled();
    expect(await outputs('a')).toHaveLength(1);
    expect((await readQuarantine(h.store, 'test')).get(item!.quarantineId)).toMatchObject({
      status: 'released',
      retries: 1,
    });
  });

  it('keeps an item quarantined when the retry fails again, with the new error', async () => {
    await append('a', 1);
    let message = 'first';
    const reactor = start({
      handle: async () => {
        throw new Error(message);
      },
    });
    await reactor.settled();
    const [item] = await quarantined();
    message = 'second';
    await requestRetry(h.store, item!, 'operator', 'r1');
    await reactor.settled();
    expect(new QuarantineBook().list()).toEqual([]);
    expect((await readQuarantine(h.store, 'test')).get(item!.quarantineId)).toMatchObject({
      status: 'quarantined',
      retries: 1,
      lastRetryError: 'second',
    });
  });

  describe('with a store that fails appends', () => {
    const outage = async (
      inject: (faults: StoreFaults) => void,
      schedule: { retryDelay?: () => number } = { retryDelay },
    ) => {
      const faults = StoreFaults.inject(h.store).only((s) => s.startsWith('out-'));
      inject(faults);
      const reactor = start({ laneOf, concurrency: 8, handle: mirror, ...schedule });
      for (const lane of ['a', 'b', 'c']) await append(lane, 20);
      const healed = await waitUntilHealed(faults, reactor);
      await reactor.settled();
      const recoveredMs = Date.now() - healed;
      for (const lane of ['a', 'b', 'c']) {
        const out = await outputs(lane);
        expect(out).toHaveLength(20);
        expect(new Set(out).size).toBe(20);
      }
      expect(faults.failedAppends).toBeGreaterThan(0);
      expect(reactor.status().state).toBe('running');
      return recoveredMs;
    };

    it('the first N appends: everything processed exactly once', async () => {
      await outage((f) => f.failNextAppends(12));
    });

    it('for a while: everything processed exactly once, resuming within 2 s of the store coming back', async () => {
      // The production schedule: its cap is what brings the reactor back this soon.
      const recoveredMs = await outage((f) => f.failAppendsFor(1_500), {});
      expect(recoveredMs).toBeLessThan(2_000);
    });

    it('at random: everything processed exactly once', async () => {
      await outage((f) => f.failAppendsAtRandom(0.3, 7));
    });
  });

  it('a subscription that fails after start resumes from the checkpoint and misses nothing', async () => {
    const faults = StoreFaults.inject(h.store);
    const reactor = start({ laneOf, concurrency: 4, retryDelay, handle: mirror });
    await append('a', 5);
    await reactor.settled();
    faults.breakSubscriptions();
    await append('a', 5);
    await reactor.settled();
    expect(await outputs('a')).toHaveLength(5 + 5);
    expect(new Set(await outputs('a')).size).toBe(10);
    expect(reactor.status()).toMatchObject({
      state: 'running',
      lastError: { reason: 'unavailable' },
    });
  });

  it('reports itself stopped after stop()', async () => {
    const reactor = start({ handle: mirror });
    await reactor.settled();
    await reactor.stop();
    expect(reactor.status().state).toBe('stopped');
  });
});

/**
 * Waits for the fault to have bitten, ends it if it would not end by itself (at random it
 * never does: after 30 refusals, or once the reactor caught up in spite of it), and returns
 * when the store was whole again.
 */
async function waitUntilHealed(faults: StoreFaults, reactor: Reactor): Promise<number> {
  let caughtUp = false;
  reactor.settled().then(
    () => (caughtUp = true),
    () => undefined,
  );
  for (let i = 0; i < 1_000 && faults.failedAppends === 0; i++)
    await new Promise((r) => setTimeout(r, 5));
  for (let i = 0; i < 1_000 && faults.failing && faults.failedAppends < 30 && !caughtUp; i++)
    await new Promise((r) => setTimeout(r, 5));
  if (faults.failing && (faults.failedAppends >= 30 || caughtUp)) faults.heal();
  for (let i = 0; i < 1_000 && faults.failing; i++) await new Promise((r) => setTimeout(r, 5));
  return Date.now();
}
