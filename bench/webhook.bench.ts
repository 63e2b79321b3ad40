/**
 * npm run bench:webhook — acknowledgement latency of POST /webhooks/messenger
 * under signed, realistic deliveries (text, attachments, receipts, some
 * batched), next to two bare Node http servers: one that only checks the
 * signature, and a durable one that also appends the body to raw SQLite with
 * the same group commit and synchronous=FULL (the honest ceiling): p50/p99 at
 * fixed rates and the highest rate whose p99 stays under 50 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { APP_SECRET, messengerConfig } from '../test/support/messenger/webhooks';
import { startServerProcess } from '../test/support/server-process';
import { report } from './report';
import { deliveries, drained, rotation, webhookLoad, type Delivery } from './webhook-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FIXED_RATES = (process.env.BENCH_FIXED_RATES ?? '200,1000').split(',').map(Number);
const RATES = (process.env.BENCH_RATES ?? '100,200,300,400,600,800,1000,1500,2000,3000,4000,6000')
  .split(',')
  .map(Number);
const P99_TARGET_MS = 50;
/** Each step runs this many times and counts its median: one GC pause or slow fsync should not decide a step. */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

async function fire(url: string, rate: number | undefined, pool: Delivery[]) {
  const result = await autocannon(webhookLoad(url, rate, SECONDS, rotation(pool)));
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    rate: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed,
  };
}

type Run = Awaited<ReturnType<typeof fire>>;

/** The run with the median p99 of REPEATS runs (failures summed), draining between runs. */
async function step(url: string, rate: number, pool: Delivery[]) {
  const runs: Run[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await drained(url);
    runs.push(await fire(url, rate, pool));
  }
  runs.sort((a, b) => a.p99 - b.p99);
  const median = runs[Math.floor(runs.length / 2)]!;
  return {
    ...median,
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
    p99s: runs.map((r) => r.p99),
  };
}

async function maxSustained(url: string, pool: Delivery[]) {
  let best = { rate: 0, p50: 0, p99: 0, failed: 0 };
  for (const rate of RATES) {
    const run = await step(url, rate, pool);
    console.log(
      `  offered ${rate}/s → served ${run.rate}/s, p50 ${run.p50} ms, p99 ${run.p99} ms (runs: ${run.p99s.join(', ')}), failed ${run.failed}`,
    );
    if (run.p99 >= P99_TARGET_MS || run.failed > 0 || run.rate < rate * 0.95) break;
    best = run;
  }
  return best;
}

function startBare(durableDir?: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'bare-webhook-server.ts')],
    {
      env: { ...process.env, APP_SECRET, ...(durableDir ? { BARE_DURABLE_DIR: durableDir } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      const url = /listening on (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGKILL') });
    }),
  );
}

async function main(): Promise<void> {
  const pool = deliveries(20_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-webhook-'));
  const bare = await startBare();
  const durable = await startBare(dataDir);
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    MESSENGER_CONFIG: messengerConfig(),
    MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
  });
  try {
    await fire(server.url, 200, pool.slice(0, 500));
    await drained(server.url);
    console.log('Pagedesk max sustained (p99 < 50 ms)');
    const pagedeskMax = await maxSustained(server.url, pool);
    console.log('bare Node max sustained (p99 < 50 ms)');
    const bareMax = await maxSustained(bare.url, pool);
    console.log(
      'durable bare Node (raw SQLite append, group commit, synchronous=FULL) max sustained',
    );
    const durableMax = await maxSustained(durable.url, pool);
    const fixed: Record<string, number | string> = {};
    for (const rate of FIXED_RATES) {
      const ours = await step(server.url, rate, pool);
      const theirs = await step(bare.url, rate, pool);
      const honest = await step(durable.url, rate, pool);
      console.log(
        `at ${rate}/s: Pagedesk p50 ${ours.p50} / p99 ${ours.p99} ms, bare Node ${theirs.p50} / ${theirs.p99} ms, durable bare ${honest.p50} / ${honest.p99} ms`,
      );
      Object.assign(fixed, {
        [`Pagedesk p50 / p99 ms at ${rate}/s`]: `${ours.p50} / ${ours.p99}`,
        [`Pagedesk failed at ${rate}/s`]: ours.failed,
        [`bare Node p50 / p99 ms at ${rate}/s`]: `${theirs.p50} / ${theirs.p99}`,
        [`durable bare Node p50 / p99 ms at ${rate}/s`]: `${honest.p50} / ${honest.p99}`,
      });
    }
    report('webhook', {
      'seconds per run': SECONDS,
      'runs per step (median p99 counts)': REPEATS,
      'Pagedesk max sustained deliveries/s (p99 < 50 ms)': pagedeskMax.rate,
      'bare Node max sustained deliveries/s (p99 < 50 ms)': bareMax.rate,
      'durable bare Node max sustained deliveries/s (p99 < 50 ms)': durableMax.rate,
      'ratio (Pagedesk / bare Node)': bareMax.rate ? pagedeskMax.rate / bareMax.rate : 0,
      'ratio (Pagedesk / durable bare Node)': durableMax.rate
        ? pagedeskMax.rate / durableMax.rate
        : 0,
      ...fixed,
    });
  } finally {
    await server.kill();
    bare.stop();
    durable.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
