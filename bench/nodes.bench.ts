/**
 * npm run bench:nodes — webhook acknowledgements per second with one
 * chat-server node and with two on one embedded PostgreSQL (issue 18, item 5;
 * docs/postgres.md). The same signed deliveries as bench:webhook, at fixed
 * offered rates; with two nodes the load is split evenly across their ports,
 * as a balancer would, and the latencies of both halves go into one
 * histogram. Prints acks/s and p50/p99 per rate, the highest rate whose p99
 * stays under 50 ms, and the two/one ratios (a setup stops at the first rate
 * with failures or a p99 of 200 ms or more). Each setup gets a database of
 * its own on one server with PostgreSQL's durable defaults (fsync on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres';
import { authEnv } from '../test/support/auth';
import { messengerConfig } from '../test/support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from '../test/support/server-process';
import { report } from './report';
import { deliveries, drained, rotation, webhookLoad, type Delivery } from './webhook-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RATES = (process.env.BENCH_RATES ?? '100,200,400,600,800,1000,1500,2000')
  .split(',')
  .map(Number);
const P99_TARGET_MS = 50;

interface Step {
  readonly offered: number;
  readonly acks: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

/** `rate` per second spread evenly over the nodes, for SECONDS; one histogram over all of them. */
async function fire(urls: readonly string[], rate: number, pool: Delivery[]): Promise<Step> {
  const nextDelivery = rotation(pool);
  const share = rate / urls.length;
  const options = (url: string): autocannon.Options => ({
    ...webhookLoad(url, share, SECONDS, nextDelivery),
    skipAggregateResult: true,
  });
  const runs = await Promise.all(urls.map((url) => autocannon(options(url))));
  // Not in @types/autocannon 7: merges the runs' histograms, so p99 is the p99 of every request.
  const aggregate = (
    autocannon as unknown as {
      aggregateResult: (r: unknown[], o: autocannon.Options) => autocannon.Result;
    }
  ).aggregateResult(runs, { ...options(urls[0]!), connections: runs.length });
  const failed = runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
  const acks = runs.reduce((sum, r) => sum + r['2xx'], 0) / SECONDS;
  return {
    offered: rate,
    acks: Math.round(acks),
    p50: aggregate.latency.p50,
    p99: aggregate.latency.p99,
    failed,
  };
}

async function measure(label: string, urls: readonly string[], pool: Delivery[]) {
  const steps: Step[] = [];
  // Warm-up: JIT, connection pools, the first conversations.
  await fire(urls, 100, pool.slice(0, 300));
  for (const rate of RATES) {
    await Promise.all(urls.map(drained));
    const step = await fire(urls, rate, pool);
    steps.push(step);
    console.log(
      `  ${label}: offered ${rate}/s → ${step.acks} acks/s, p50 ${step.p50} ms, p99 ${step.p99} ms, failed ${step.failed}`,
    );
    if (step.p99 >= P99_TARGET_MS * 4 || step.failed > 0) break;
  }
  const sustained = steps.filter(
    (s) => s.p99 < P99_TARGET_MS && s.failed === 0 && s.acks >= s.offered * 0.95,
  );
  return { steps, max: sustained.at(-1)?.acks ?? 0 };
}

async function nodes(
  postgres: TestPostgres,
  count: number,
  dirs: string[],
  running: ServerProcess[],
): Promise<string[]> {
  const databaseUrl = await postgres.createDatabase();
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-nodes-'));
    dirs.push(dataDir);
    const server = await startServerProcess(
      authEnv({
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
      }),
      120_000,
    );
    running.push(server);
    urls.push(server.url);
  }
  return urls;
}

async function main(): Promise<void> {
  const pool = deliveries(20_000);
  const postgres = await startTestPostgres({ durable: true });
  const dirs: string[] = [];
  const running: ServerProcess[] = [];
  try {
    console.log('one node');
    const one = await measure('one node', await nodes(postgres, 1, dirs, running), pool);
    await Promise.all(running.splice(0).map((s) => s.kill()));
    console.log('two nodes, the load split across their ports');
    const two = await measure('two nodes', await nodes(postgres, 2, dirs, running), pool);
    const figures: Record<string, number | string> = {
      'seconds per rate': SECONDS,
      'one node max sustained acks/s (p99 < 50 ms)': one.max,
      'two nodes max sustained acks/s (p99 < 50 ms)': two.max,
      'ratio (two / one), max sustained': one.max ? two.max / one.max : 0,
    };
    for (const a of one.steps) {
      const b = two.steps.find((s) => s.offered === a.offered);
      figures[`at ${a.offered}/s: one node acks/s, p50 / p99 ms`] =
        `${a.acks}, ${a.p50} / ${a.p99}`;
      if (!b) continue;
      figures[`at ${a.offered}/s: two nodes acks/s, p50 / p99 ms`] =
        `${b.acks}, ${b.p50} / ${b.p99}`;
      figures[`at ${a.offered}/s: ratio acks (two / one)`] = a.acks ? b.acks / a.acks : 0;
    }
    report('nodes', figures);
  } finally {
    await Promise.all(running.map((s) => s.kill()));
    await postgres.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
