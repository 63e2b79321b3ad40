import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@pagedesk/shared';
import {
  aggregateStream,
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

  it('starts from a cached state and reads only what was appended since, by anyone', async () => {
    const cache = new StateCache<number>();
    const add = (amount: number, cause: string, using: StateCache<number> | null = cache) =>
      handleCommand(store, 'counter-4', counter, codec, { type: 'Add', amount }, context(cause), {
        cache: using ?? undefined,
      });
    await add(1, 'd');
    await add(2, 'e');
    expect(cache.get('counter-4')).toEqual({ state: 1, revision: 0 });
    // Another writer (here: without the cache) appends behind its back.
    await add(3, 'f', null);
    const read = jest.spyOn(store, 'readStream');
    const result = await add(4, 'g');
    expect(result.newState).toBe(10);
    expect(read).toHaveBeenCalledWith('counter-4', { fromRevision: 1 });
    expect(cache.get('counter-4')).toEqual({ state: 6, revision: 2 });
    expect((await aggregateStream(store, 'counter-4', counter, codec, cache)).state).toBe(10);
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
