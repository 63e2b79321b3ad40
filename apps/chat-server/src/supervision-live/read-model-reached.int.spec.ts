import Database from 'better-sqlite3';
import { ProjectionCheckpoints, SqliteAsyncSqlDb } from '@pagedesk/processing';
import { readModelReached } from './read-model-reached';

describe('readModelReached: a live transcript push waits for the read model', () => {
  let checkpoints: ProjectionCheckpoints;
  beforeEach(async () => {
    jest.useFakeTimers();
    checkpoints = new ProjectionCheckpoints(new SqliteAsyncSqlDb(new Database(':memory:')));
    await checkpoints.createSchema();
    await checkpoints.ensure('transcript');
  });
  afterEach(() => jest.useRealTimers());

  const track = (promise: Promise<void>) => {
    const state = { done: false };
    void promise.then(() => (state.done = true));
    return state;
  };

  it('resolves only once the projection checkpoint reaches the position', async () => {
    await checkpoints.move('transcript', undefined, 3);
    const wait = track(
      readModelReached(checkpoints, 'transcript', 5, new AbortController().signal),
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(wait.done).toBe(false);
    await checkpoints.move('transcript', 3, 5);
    await jest.advanceTimersByTimeAsync(20);
    expect(wait.done).toBe(true);
  });

  it('gives up waiting for a stuck projection after five seconds', async () => {
    const wait = track(
      readModelReached(checkpoints, 'transcript', 5, new AbortController().signal),
    );
    await jest.advanceTimersByTimeAsync(4_900);
    expect(wait.done).toBe(false);
    await jest.advanceTimersByTimeAsync(200);
    expect(wait.done).toBe(true);
  });

  it('stops reading the database once the server shuts down', async () => {
    const stopping = new AbortController();
    const wait = track(readModelReached(checkpoints, 'transcript', 5, stopping.signal));
    stopping.abort();
    const read = jest.spyOn(checkpoints, 'get');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(read).not.toHaveBeenCalled();
    expect(wait.done).toBe(false);
  });
});
