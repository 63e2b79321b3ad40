import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pagedesk/event-store';
import { INBOX_STREAM } from '../apps/chat-server/src/inbound/inbox';
import * as fb from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from './support/server-process';

/**
 * Facebook never redelivers what we acknowledged, so a crash between the 200
 * and the processing must lose nothing: the server is SIGKILLed right after
 * its last acknowledgement and a new process must finish the work.
 */
describe('inbound survives a crash after acknowledging', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-crash-'));
  const env = {
    DATA_DIR: dataDir,
    MESSENGER_CONFIG: messengerConfig(),
    MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
  };
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.kill();
    if (!process.env.KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    else process.stdout.write(`data kept in ${dataDir}\n`);
  });

  it('processes every acknowledged delivery exactly once after a SIGKILL and restart', async () => {
    server = await startServerProcess(env);
    const acknowledged: string[] = [];
    // 200 customers at once, 3 messages each: the last acknowledgements come faster than processing.
    await Promise.all(
      Array.from({ length: 200 }, async (_, customer) => {
        for (let n = 0; n < 3; n++) {
          const mid = `m_crash_${customer}_${n}`;
          const body = fb.delivery(
            PAGE_ID,
            fb.text(PAGE_ID, `77000${customer}`, mid, `message ${n}`, 1_785_500_000_000 + n),
          );
          const response = await postWebhook(server!.url, body);
          if (response.status === 200) acknowledged.push(mid);
        }
      }),
    );
    await server.kill('SIGKILL');
    expect(acknowledged).toHaveLength(600);
    // Each 200 came after the commit holding its delivery returned: all of them are in the file.
    expect((await inboxMids(join(dataDir, 'events.db'))).sort()).toEqual([...acknowledged].sort());
    const processedBeforeCrash = await countMessages(join(dataDir, 'events.db'));
    process.stdout.write(`processed before the crash: ${processedBeforeCrash} of 600\n`);

    server = await startServerProcess(env);
    const recorded = await waitForMessages(join(dataDir, 'events.db'), acknowledged.length);
    expect([...recorded].sort()).toEqual([...acknowledged].sort());
  }, 120_000);
});

/** Reads the server's event file from this process (SQLite WAL allows a second reader) until `count` messages exist. */
async function waitForMessages(file: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const store = await SqliteEventStore.open(file);
    const mids = (await store.readAll())
      .filter((e) => e.type === 'CustomerMessageReceived')
      .map((e) => e.data.mid as string);
    await store.close();
    if (mids.length >= count || Date.now() > deadline) return mids;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The mids of the inbox's deliveries, from this process's own handle on the killed server's file. */
async function inboxMids(file: string): Promise<string[]> {
  const store = await SqliteEventStore.open(file);
  const deliveries = await store.readStream(INBOX_STREAM);
  await store.close();
  return deliveries.map((e) => /"mid":"([^"]+)"/.exec((e.data as { body: string }).body)![1]!);
}

async function countMessages(file: string): Promise<number> {
  const store = await SqliteEventStore.open(file);
  const count = (await store.readAll()).filter((e) => e.type === 'CustomerMessageReceived').length;
  await store.close();
  return count;
}
