/**
 * Profiles the server's acknowledging (main) thread under signed webhooks:
 *
 *   SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=$PWD/.bench/prof-ack-after" tsx bench/support/profile-webhook.ts
 *
 * Starts the server from this checkout's sources with those node flags,
 * warms it up, posts PROFILE_RATE (1,000) deliveries/s for PROFILE_SECONDS
 * (10) with autocannon, stops it with SIGTERM (the profile is written at
 * exit) and prints the main thread's shares of busy time in the load window
 * (bench/support/profile-shares.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { messengerConfig } from '../../test/support/messenger/webhooks';
import { startServerProcess } from '../../test/support/server-process';
import { printShares, shares, type CpuProfile } from './profile-shares';
import { deliveries, rotation, webhookLoad } from '../webhook-load';

const RATE = Number(process.env.PROFILE_RATE ?? 1_000);
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const nowUs = () => Number(process.hrtime.bigint() / 1_000n);

async function fire(
  url: string,
  rate: number,
  seconds: number,
  pool: ReturnType<typeof deliveries>,
) {
  const result = await autocannon(webhookLoad(url, rate, seconds, rotation(pool)));
  return {
    served: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const args = process.env.SERVER_NODE_ARGS ?? '';
  const dir = /--cpu-prof-dir=(\S+)/.exec(args)?.[1];
  if (!args.includes('--cpu-prof') || !dir)
    throw new Error('set SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=<dir>"');
  process.env.SERVER_NODE_ARGS = `${args} --require ${join(__dirname, 'exit-on-sigterm.cjs')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-profile-webhook-'));
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    MESSENGER_CONFIG: messengerConfig(),
    MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
  });
  const pool = deliveries(20_000);
  let window: [number, number];
  try {
    await fire(server.url, 200, 2, pool.slice(0, 500));
    const from = nowUs();
    const run = await fire(server.url, RATE, SECONDS, pool);
    window = [from, nowUs()];
    console.log(
      `offered ${RATE}/s for ${SECONDS} s: served ${run.served}/s, p50 ${run.p50} ms, p99 ${run.p99} ms, failed ${run.failed}`,
    );
  } finally {
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread.
  const main = readdirSync(dir).find(
    (f) => f.includes(`.${server.child.pid}.0.`) && f.endsWith('.cpuprofile'),
  );
  if (!main) throw new Error(`no main-thread profile of pid ${server.child.pid} in ${dir}`);
  console.log(`${join(dir, main)} (load window ${window[0]}–${window[1]} µs)`);
  const profile = JSON.parse(readFileSync(join(dir, main), 'utf8')) as CpuProfile;
  printShares(shares(profile, window[0], window[1]));
}

void main();
