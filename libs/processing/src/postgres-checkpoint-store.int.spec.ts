import { withClient } from '@pagedesk/test-support/postgres/client';
import { startTestPostgres, type TestPostgres } from '@pagedesk/test-support/postgres';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';

let server: TestPostgres;
let url: string;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
});
afterAll(async () => {
  await server?.stop();
});

const admin = async (sql: string) => {
  await withClient(url, (client) => client.query(sql));
};

describe('PostgresCheckpointStore', () => {
  it('gives a new process (a replacement node) the positions the last one set and reset', async () => {
    const first = await PostgresCheckpointStore.open(url);
    first.set('reactor:a', 10);
    first.set('reactor:a', 12);
    first.set('reactor:b', 3);
    first.reset('reactor:b');
    expect(first.get('reactor:a')).toBe(12);
    await first.close();
    const second = await PostgresCheckpointStore.open(url);
    expect(second.get('reactor:a')).toBe(12);
    expect(second.get('reactor:b')).toBeUndefined();
    await second.close();
  });

  it('keeps a checkpoint whose write failed and writes it once the database serves again', async () => {
    const errors: unknown[] = [];
    const store = await PostgresCheckpointStore.open(url, (error) => errors.push(error));
    store.set('reactor:c', 1);
    await store.flush();
    await admin('ALTER TABLE checkpoints RENAME TO checkpoints_away');
    store.set('reactor:c', 2);
    await expect(store.flush()).rejects.toThrow('checkpoints');
    expect(errors).toHaveLength(1);
    await admin('ALTER TABLE checkpoints_away RENAME TO checkpoints');
    await store.close();
    const reopened = await PostgresCheckpointStore.open(url);
    expect(reopened.get('reactor:c')).toBe(2);
    await reopened.close();
  });

  it('gives a standby that takes the work over the positions the other node set after it opened', async () => {
    const standby = await PostgresCheckpointStore.open(url);
    const owner = await PostgresCheckpointStore.open(url);
    owner.set('reactor:d', 40);
    owner.set('reactor:e', 7);
    await owner.flush();
    await owner.close();
    standby.set('reactor:e', 9);
    expect(standby.get('reactor:d')).toBeUndefined();
    await standby.reload();
    expect(standby.get('reactor:d')).toBe(40);
    // Its own newer write is stored first, then read back.
    expect(standby.get('reactor:e')).toBe(9);
    await standby.close();
  });
});
