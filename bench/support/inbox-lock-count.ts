/**
 * PROTOTYPE (session 15): how many of the acknowledging thread's inbox
 * commits found the write lock taken, at LOCK_RATE (1,000) deliveries/s for
 * LOCK_SECONDS (10). The stores write their counts at close into the file
 * PAGEDESK_LOCK_STATS names; INBOX_OWN_FILE=0 keeps the inbox in events.db.
 *
 *   TEST_SERVER=dist PAGEDESK_LOCK_STATS=<file> tsx bench/support/inbox-lock-count.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { messengerConfig } from '../../test/support/messenger/webhooks';
import { startServerProcess } from '../../test/support/server-process';
import { deliveries, drained, rotation, webhookLoad } from '../webhook-load';

const RATE = Number(process.env.LOCK_RATE ?? 1_000);
const SECONDS = Number(process.env.LOCK_SECONDS ?? 10);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-lock-count-'));
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    MESSENGER_CONFIG: messengerConfig(),
    MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
  });
  const pool = deliveries(20_000);
  try {
    await autocannon(webhookLoad(server.url, 200, 2, rotation(pool.slice(0, 500))));
    await drained(server.url);
    const result = await autocannon(webhookLoad(server.url, RATE, SECONDS, rotation(pool)));
    console.log(
      `offered ${RATE}/s for ${SECONDS} s: served ${Math.round(result.requests.average)}/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, failed ${result.non2xx + result.errors + result.timeouts}`,
    );
    await drained(server.url);
  } finally {
    await server.kill('SIGTERM');
    // The same work either way: the worker's events by type.
    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const types = db
      .prepare('SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type')
      .all() as { type: string; n: number }[];
    db.close();
    console.log(types.map((t) => `${t.type} ${t.n}`).join(', '));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
