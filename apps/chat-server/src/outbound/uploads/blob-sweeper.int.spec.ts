import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@pagedesk/event-store';
import Database from 'better-sqlite3';
import { BlobStore } from './blob-store';
import { BlobSweeper } from './blob-sweeper';
import { BlobUses } from './blob-uses';

const DAY = 86_400_000;
let position = 0;
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    type,
    data,
    streamName: 'conversation-c1',
    globalPosition: ++position,
  }) as unknown as RecordedEvent;
const requested = (messageId: string, blob: string) =>
  recorded('AgentMessageRequested', {
    messageId,
    content: { kind: 'upload', upload: { type: 'image', blob, name: 'a.png', size: 3 } },
  });
const sent = (messageId: string, at: number) =>
  recorded('AgentMessageSent', { messageId, mid: `m.${messageId}`, sentAt: null, confirmedAt: at });

describe('BlobSweeper: uploads past their retention are deleted, never one a pending send needs', () => {
  let dir: string;
  let blobs: BlobStore;
  let uses: BlobUses;
  let now: number;
  const sweeper = () =>
    new BlobSweeper(uses, blobs, { retentionMs: 30 * DAY, intervalMs: 60_000, now: () => now });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-sweep-'));
    blobs = new BlobStore(dir);
    uses = new BlobUses(new Database(':memory:'));
    now = Date.now();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a sent upload, when its retention passes (the clock, not a wait), then its bytes are deleted, once', async () => {
    const blob = await blobs.put(Buffer.from('one'));
    now = Math.ceil((await blobs.writtenAt(blob))!);
    uses.apply(requested('m1', blob));
    uses.apply(sent('m1', now));
    now += 30 * DAY - 1;
    expect(await sweeper().sweep()).toBe(0);
    expect(await blobs.get(blob)).not.toBeNull();
    now += 1;
    expect(await sweeper().sweep()).toBe(1);
    expect(await blobs.get(blob)).toBeNull();
    expect(uses.settledBefore(now, 10)).toEqual([]);
  });

  it('given the same bytes in a message still waiting in the outbox, when the retention of the first passed, then they are kept', async () => {
    const blob = await blobs.put(Buffer.from('two'));
    uses.apply(requested('m1', blob));
    uses.apply(sent('m1', now));
    uses.apply(requested('m2', blob));
    now += 400 * DAY;
    expect(await sweeper().sweep()).toBe(0);
    expect(await blobs.get(blob)).not.toBeNull();
    // A permanent failure settles it too; then both are past the retention.
    uses.apply(
      recorded('AgentMessageFailed', {
        messageId: 'm2',
        permanent: true,
        failedAt: now - 31 * DAY,
      }),
    );
    expect(await sweeper().sweep()).toBe(1);
  });

  it('given a transient failure (retrying) or none yet (pending), when the sweep runs, then nothing is deleted', async () => {
    const blob = await blobs.put(Buffer.from('three'));
    uses.apply(requested('m1', blob));
    uses.apply(
      recorded('AgentMessageFailed', { messageId: 'm1', permanent: false, failedAt: now }),
    );
    now += 400 * DAY;
    expect(await sweeper().sweep()).toBe(0);
    expect(await blobs.get(blob)).not.toBeNull();
  });

  it('given a disk that fails a round, when swept, then /ready says retrying with the reason, and the next round deletes', async () => {
    const blob = await blobs.put(Buffer.from('four'));
    uses.apply(requested('m1', blob));
    uses.apply(sent('m1', now));
    now += 31 * DAY;
    const failing = jest
      .spyOn(blobs, 'delete')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    const part = new BlobSweeper(uses, blobs, {
      retentionMs: 30 * DAY,
      intervalMs: 100,
      now: () => now,
    });
    part.start();
    try {
      await waitFor(() => part.status().state === 'retrying');
      expect(part.status().lastError?.message).toContain('EIO');
      await waitFor(() => part.status().state === 'running' && failing.mock.calls.length === 2);
      expect(await blobs.get(blob)).toBeNull();
    } finally {
      await part.stop();
    }
    expect(part.status().state).toBe('stopped');
  });
});

/** Waits on the part's own state, as /ready would show it. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setImmediate(r));
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}
