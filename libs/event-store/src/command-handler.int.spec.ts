import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@pagedesk/shared';
import { handleCommands, type Decider } from './command-handler';
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
      (error) => error instanceof AppError,
    );
    expect(result.newState).toBe(5);
    expect((await store.readStream('counter-3')).map((e) => e.data.amount)).toEqual([2, 3]);
  });
});
