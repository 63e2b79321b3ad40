/**
 * npm run bench:restart — how long a restart takes as history grows. For each
 * size in BENCH_RESTART_EVENTS (default 100,000, 1,000,000 and 5,000,000
 * events) a DATA_DIR is seeded with closed conversations, their inbox
 * deliveries (the webhook bodies, ~1.5 KB each) and BENCH_RESTART_LIVE (500)
 * conversations still waiting, written through the measured release's own
 * store adapter (its dist/libs), so the file is in that release's format. The
 * built server (dist/ here, or of BENCH_SERVER_DIR) is started once to build its read models and routing snapshot and stopped
 * with SIGTERM; then it is started again BENCH_RESTART_TIMES (3) times and timed (median): until a signed webhook is
 * acknowledged (serving) and until /ready says yes (live state loaded). The
 * ratio largest / smallest says whether restart cost follows history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventToAppend } from '@pagedesk/event-store';
import type { JsonObject } from '@pagedesk/shared';
import { authEnv } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { messengerConfig, PAGE_ID, sign, textDelivery } from '../test/support/messenger/webhooks';
import { report } from './report';
import { built, MAIN, SERVER_DIR, serverLabel } from './support/built-server';

const SIZES = (process.env.BENCH_RESTART_EVENTS ?? '100000,1000000,5000000').split(',').map(Number);
const LIVE = Number(process.env.BENCH_RESTART_LIVE ?? 500);
// Several timed restarts per log, the median reported: one restart is one sample of the scheduler.
const RESTARTS = Number(process.env.BENCH_RESTART_TIMES ?? 3);
// The measured release's own adapters: an older one may not read or write this one's format.
const load = createRequire(__filename);
const { SqliteEventStore } = load(
  built('libs/event-store/src/index.js'),
) as typeof import('@pagedesk/event-store');
const { CheckpointStore, openReadModelDb } = load(
  built('libs/processing/src/index.js'),
) as typeof import('@pagedesk/processing');
const PADDING = 'x'.repeat(1_400);

const meta = (at: number) => {
  const id = randomUUID();
  return {
    id,
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'bench',
      recordedAt: new Date(at).toISOString(),
      schemaVersion: 1,
    },
  };
};

/** A delivery the inbound reactor drops at once (no entries) but whose body is as large as a real one. */
function delivery(at: number): EventToAppend {
  const body = JSON.stringify({ object: 'page', entry: [], padding: PADDING });
  return {
    ...meta(at),
    type: 'MessengerDeliveryReceived',
    data: { body, signature: 'sha256=bench', lane: 'bench' },
  };
}

function conversationEvents(n: number, at: number, closed: boolean): EventToAppend[] {
  const agent = `agent-${n % 20}`;
  const data: [string, JsonObject][] = [
    [
      'ConversationStarted',
      {
        conversationId: `c${n}`,
        tenantId: 'acme',
        pageId: PAGE_ID,
        customer: { kind: 'psid', id: `psid-${n}` },
        channel: 'messenger',
        referral: null,
        startedAt: at,
      },
    ],
    ['ConversationQueued', { queue: 'default', queuedAt: at + 1 }],
    [
      'CustomerMessageReceived',
      {
        mid: `m_${n}`,
        text: 'Hello, my order has not arrived yet, can you check?',
        attachments: [],
        quickReplyPayload: null,
        replyToMid: null,
        sentAt: at + 2,
      },
    ],
  ];
  if (closed)
    data.push(
      [
        'AgentAssigned',
        { agentId: agent, previousAgentId: null, assignedBy: 'router', assignedAt: at + 3 },
      ],
      ['ConversationClosedByAgent', { agentId: agent, closedAt: at + 4 }],
    );
  return data.map(([type, d]) => ({ ...meta(at), type, data: d }));
}

/**
 * Reactors with side effects (profile fetches, automatic messages, the
 * lifecycle) are set past the seeded history, as on a server that handled it
 * when it happened; the read models are left to be built by the first start.
 */
const REACTORS = [
  'inbound-messenger',
  'customer-profiles',
  'automatic-messages',
  'outbox',
  'lifecycle-schedule',
];

/** Per conversation: two deliveries and its events, until the log holds `target` events; the newest are still waiting. */
async function seed(dir: string, target: number): Promise<void> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  // One conversation a second up to now, so the waiting ones are recent and nothing expires them.
  const start = Date.now() - Math.ceil(target / 7) * 1_000;
  let count = 0;
  let n = 0;
  const writers = Array.from({ length: 32 }, async () => {
    while (count < target) {
      const i = n++;
      const at = start + i * 1_000;
      const live = target - count < LIVE * 7;
      const events = conversationEvents(i, at, !live);
      count += events.length + 2;
      await store.appendToStream('inbox-messenger', [delivery(at), delivery(at)], {
        expectedRevision: 'any',
      });
      await store.appendToStream(`conversation-c${i}`, events, { expectedRevision: 'no_stream' });
    }
  });
  await Promise.all(writers);
  const head = (await store.headPosition())!;
  await store.close();
  const db = openReadModelDb(join(dir, 'read-models.db'));
  const checkpoints = new CheckpointStore(db);
  for (const name of REACTORS) checkpoints.set(name, head);
  db.close();
}

interface Server {
  readonly child: ChildProcess;
  readonly port: Promise<number>;
}

function startServer(env: Record<string, string>, timed = false): Server {
  // SERVER_NODE_ARGS profiles the server, e.g. "--cpu-prof --cpu-prof-dir=$PWD/.bench/prof" (as in the tests).
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, built(MAIN)], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Seeding and the first start may run under `nice` so other work keeps the CPU; a timed
  // restart runs at normal priority, set before its worker threads exist so they inherit it.
  if (timed && child.pid !== undefined) setPriority(child.pid, 0);
  let output = '';
  const port = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on http:\/\/[\d.]+:(\d+)/.exec(output);
      if (found) resolve(Number(found[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return { child, port };
}

const stop = (server: Server, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });

async function until(check: () => Promise<boolean>, timeoutMs = 3_600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const webhookAcknowledged = async (port: number) => {
  const body = textDelivery(
    PAGE_ID,
    `bench-${randomUUID()}`,
    `m_${randomUUID()}`,
    'hi',
    Date.now(),
  );
  const response = await fetch(`http://127.0.0.1:${port}/webhooks/messenger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
    body,
  });
  return response.status === 200;
};

const ready = async (port: number) =>
  (await fetch(`http://127.0.0.1:${port}/ready`)).status === 200;

/** Ready and every reactor and read model caught up (no lag left): what a restart should find. */
const settled = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/ready`);
  if (response.status !== 200) return false;
  const body = (await response.json()) as {
    details: { background: { parts: { lag: { events: number; atLeast: boolean } | null }[] } };
  };
  return body.details.background.parts.every(
    (p) => !p.lag || (p.lag.events === 0 && !p.lag.atLeast),
  );
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function timedRestart(
  env: Record<string, string>,
): Promise<{ serve: number; ready: number }> {
  const started = performance.now();
  const server = startServer(env, true);
  const port = await server.port;
  await until(() => webhookAcknowledged(port));
  const serve = performance.now() - started;
  await until(() => ready(port));
  const readyMs = performance.now() - started;
  await stop(server, 'SIGTERM');
  return { serve, ready: readyMs };
}

// BENCH_RESTART_KEEP=1 keeps each seeded and built DATA_DIR in .bench/restart-<size> and reuses
// it: timing another build of the same format then skips the hour a 5M log takes to seed and build.
const KEEP = process.env.BENCH_RESTART_KEEP === '1';
const PREPARED = 'bench-restart-prepared';

async function prepare(dir: string, size: number, env: Record<string, string>): Promise<void> {
  let started = performance.now();
  await seed(dir, size);
  console.log(
    `${size.toLocaleString('en')} events seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  started = performance.now();
  const first = startServer(env);
  const firstPort = await first.port;
  await until(() => settled(firstPort));
  console.log(
    `first start (read models built) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await stop(first, 'SIGTERM');
  writeFileSync(join(dir, PREPARED), String(size));
}

function dataDir(size: number): string {
  if (!KEEP) return mkdtempSync(join(tmpdir(), 'pagedesk-bench-restart-'));
  const dir = join(process.cwd(), '.bench', `restart-${size}`);
  if (!existsSync(join(dir, PREPARED))) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function measure(size: number, graphUrl: string): Promise<{ serve: number; ready: number }> {
  const dir = dataDir(size);
  try {
    const env = authEnv({
      DATA_DIR: dir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graphUrl,
    });
    if (existsSync(join(dir, PREPARED)))
      console.log(`${size.toLocaleString('en')} events: reusing ${dir}`);
    else await prepare(dir, size, env);
    const runs: { serve: number; ready: number }[] = [];
    for (let run = 0; run < RESTARTS; run++) runs.push(await timedRestart(env));
    console.log(
      `${size.toLocaleString('en')} events, restarts (served / ready ms): ` +
        runs.map((r) => `${r.serve.toFixed(0)} / ${r.ready.toFixed(0)}`).join(', '),
    );
    return { serve: median(runs.map((r) => r.serve)), ready: median(runs.map((r) => r.ready)) };
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const graph = await FakeGraphServer.start();
  const figures: Record<string, number | string> = {
    server: serverLabel(),
  };
  const results: { size: number; serve: number; ready: number }[] = [];
  try {
    for (const size of SIZES) {
      const { serve, ready: readyMs } = await measure(size, graph.url);
      results.push({ size, serve, ready: readyMs });
      figures[`${size.toLocaleString('en')} events: restart to webhook served (ms)`] = serve;
      figures[`${size.toLocaleString('en')} events: restart to ready (ms)`] = readyMs;
    }
  } finally {
    await graph.close();
  }
  const smallest = results[0]!;
  const largest = results[results.length - 1]!;
  figures[`time to serve ratio ${largest.size} / ${smallest.size} events`] =
    largest.serve / smallest.serve;
  figures[`time to ready ratio ${largest.size} / ${smallest.size} events`] =
    largest.ready / smallest.ready;
  report('restart', figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
