import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@pagedesk/shared';
import {
  aggregateStream,
  foldHanded,
  handleCommand,
  handleCommands,
  StateCache,
  type Decider,
} from './command-handler';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

type Command = { type: 'Add'; amount: number } | { type: 'Fail' };
type Event = { type: 'Added'; data: { amount: number } };
/** A counter that refuses to go above 10: enough to show ordering, refusal and retries. */
const counter: Decider<number, Command, Event> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.amount,
  decide: (command, total) => {
    if (command.type === 'Fail' || total + command.amount > 10)
      throw new AppError('conflict', 'over the limit');
    return [{ type: 'Added', data: { amount: command.amount } }];
  },
};
const codec = { decode: (e: { type: string; data: object }) => e as unknown as Event };
const context = (cause: string) => ({
  correlationId: cause,
  causationId: cause,
  actor: 'test',
  now: new Date().toISOString(),
});

describe('handleCommands', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-commands-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides each command on the state the previous ones left, and appends them in one write', async () => {
    const result = await handleCommands(
      store,
      'counter-1',
      counter,
      codec,
      [
        { type: 'Add', amount: 4 },
        { type: 'Add', amount: 5 },
      ],
      context('a'),
    );
    expect(result.newState).toBe(9);
    const stored = await store.readStream('counter-1');
    expect(stored.map((e) => e.data.amount)).toEqual([4, 5]);
    expect(stored[1]!.globalPosition - stored[0]!.globalPosition).toBe(1);
  });

  it('appends nothing when one command of the batch is refused', async () => {
    const batch = handleCommands(
      store,
      'counter-2',
      counter,
      codec,
      [
        { type: 'Add', amount: 4 },
        { type: 'Add', amount: 7 },
      ],
      context('b'),
    );
    await expect(batch).rejects.toThrow('over the limit');
    expect(await store.headPosition()).toBeUndefined();
  });

  it('skips a tolerated refusal and keeps the rest', async () => {
    const result = await handleCommands(
      store,
      'counter-3',
      counter,
      codec,
      [{ type: 'Add', amount: 2 }, { type: 'Fail' }, { type: 'Add', amount: 3 }],
      context('c'),
      { tolerate: (error) => error instanceof AppError },
    );
    expect(result.newState).toBe(5);
    expect((await store.readStream('counter-3')).map((e) => e.data.amount)).toEqual([2, 3]);
  });

  describe('with a cache of folded states', () => {
    let cache: StateCache<number>;
    let reads: jest.SpyInstance;
    const add = (stream: string, amount: number, cause: string, using = cache) =>
      handleCommand(store, stream, counter, codec, { type: 'Add', amount }, context(cause), {
        cache: using,
      });
    /** Another writer (another thread, another process): its own cache, so this one's goes stale. */
    const elsewhere = (stream: string, amount: number, cause: string) =>
      add(stream, amount, cause, new StateCache<number>());
    beforeEach(() => {
      cache = new StateCache<number>();
      reads = jest.spyOn(store, 'readStream');
    });

    it('reads a new stream as empty, without a StreamNotFoundError built and caught', async () => {
      await add('counter-10', 1, 'u');
      expect(reads).toHaveBeenCalledTimes(1);
      await expect(reads.mock.results[0]!.value).resolves.toEqual([]);
    });

    it('decides on the state its own last append left, without reading the stream again', async () => {
      await add('counter-4', 1, 'd');
      reads.mockClear();
      await add('counter-4', 2, 'e');
      await add('counter-4', 3, 'f');
      expect(reads).not.toHaveBeenCalled();
      expect((await store.readStream('counter-4')).map((e) => e.data.amount)).toEqual([1, 2, 3]);
      expect(cache.get('counter-4')).toMatchObject({ state: 6, revision: 2 });
    });

    it('reads what another writer appended when its append finds the cached state stale', async () => {
      await add('counter-5', 3, 'g');
      await elsewhere('counter-5', 6, 'h');
      // On the stale 3 this fits (5); on the stored 9 it goes over the limit.
      await expect(add('counter-5', 2, 'i')).rejects.toThrow('over the limit');
      await add('counter-5', 1, 'j');
      expect((await store.readStream('counter-5')).map((e) => e.data.amount)).toEqual([3, 6, 1]);
      expect(reads).toHaveBeenCalledWith('counter-5', { fromRevision: 1, ifMissing: 'empty' });
    });

    it('checks a refusal on the cached state against the stored stream before refusing', async () => {
      await add('counter-6', 9, 'k');
      await elsewhere('counter-6', -5, 'l');
      // On the stale 9 this goes over the limit; on the stored 4 it fits.
      const result = await add('counter-6', 4, 'm');
      expect(result.newState).toBe(8);
      expect((await store.readStream('counter-6')).map((e) => e.data.amount)).toEqual([9, -5, 4]);
    });

    it('reads before deciding when the cached state came from a read, not from its own append', async () => {
      await elsewhere('counter-7', 1, 'n');
      expect((await aggregateStream(store, 'counter-7', counter, codec, cache)).state).toBe(1);
      reads.mockClear();
      await add('counter-7', 2, 'o');
      expect(reads).toHaveBeenCalledWith('counter-7', { fromRevision: 1, ifMissing: 'empty' });
      expect(cache.get('counter-7')).toMatchObject({ state: 3, revision: 1 });
    });

    it("keeps the types of its own appends in a row, until a read of another writer's events", async () => {
      await handleCommands(
        store,
        'counter-11',
        counter,
        codec,
        [
          { type: 'Add', amount: 1 },
          { type: 'Add', amount: 1 },
        ],
        context('v'),
        { cache },
      );
      await add('counter-11', 1, 'w');
      expect(cache.appendedHere('counter-11')).toMatchObject({
        revision: 2,
        appendedTypes: ['Added', 'Added', 'Added'],
      });
      await elsewhere('counter-11', 1, 'x');
      await add('counter-11', 1, 'y');
      expect(cache.appendedHere('counter-11')).toMatchObject({
        revision: 4,
        appendedTypes: ['Added'],
      });
      for (let n = 0; n < 10; n++) await add('counter-11', 0, `z${n}`);
      expect(cache.appendedHere('counter-11')?.appendedTypes).toHaveLength(8);
    });

    it("folds another writer's event one past the cached state without a read, and only that one", async () => {
      await add('counter-12', 1, 'aa');
      await elsewhere('counter-12', 2, 'ab');
      await elsewhere('counter-12', 3, 'ac');
      const [second, third] = await store.readStream('counter-12', { fromRevision: 1 });
      reads.mockClear();
      expect(foldHanded(cache, counter, codec, third!)).toBeUndefined();
      expect(foldHanded(cache, counter, codec, second!)).toEqual({ state: 3, revision: 1 });
      expect(foldHanded(cache, counter, codec, third!)).toEqual({ state: 6, revision: 2 });
      expect(reads).not.toHaveBeenCalled();
      // A read entry now: the next command reads what it does not hold.
      expect(cache.appendedHere('counter-12')).toBeUndefined();
      expect(cache.get('counter-12')).toMatchObject({ state: 6, revision: 2 });
    });

    it('decides on a read handed over without reading again, and its refusal stands', async () => {
      await add('counter-8', 9, 'p');
      const read = await aggregateStream(store, 'counter-8', counter, codec, cache);
      reads.mockClear();
      const command = { type: 'Add', amount: 2 } as const;
      const refused = handleCommand(store, 'counter-8', counter, codec, command, context('q'), {
        cache,
        read,
      });
      await expect(refused).rejects.toThrow('over the limit');
      expect(reads).not.toHaveBeenCalled();
    });

    it('appends on a handed read with its revision, so a stale one reads again and decides again', async () => {
      await add('counter-9', 3, 'r');
      const read = await aggregateStream(store, 'counter-9', counter, codec, cache);
      await elsewhere('counter-9', 6, 's');
      const command = { type: 'Add', amount: 2 } as const;
      // On the handed 3 this fits (5); on the stored 9 it goes over the limit.
      const refused = handleCommand(store, 'counter-9', counter, codec, command, context('t'), {
        cache,
        read,
      });
      await expect(refused).rejects.toThrow('over the limit');
      expect((await store.readStream('counter-9')).map((e) => e.data.amount)).toEqual([3, 6]);
    });
  });

  it('forgets the least recently used stream beyond its bound', () => {
    const cache = new StateCache<number>(2);
    cache.set('a', { state: 1, revision: 0 });
    cache.set('b', { state: 2, revision: 0 });
    cache.get('a');
    cache.set('c', { state: 3, revision: 0 });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.state).toBe(1);
    expect(cache.get('c')?.state).toBe(3);
  });
});
