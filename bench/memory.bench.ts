/**
 * npm run bench:memory — does memory follow live work or history? The built
 * server (dist/ here, or of BENCH_SERVER_DIR) runs in a child process as
 * production runs it (processing in its worker thread), with a few lines
 * around it that sample memory when asked on stdin. BENCH_MEMORY_AGENTS (4) agents in an auto queue close every chat as
 * soon as they get it, while customers write one message each through the
 * signed webhook at BENCH_MEMORY_RATE (150) a second at most, and never more
 * than BENCH_MEMORY_OPEN (300) ahead of the closes: a server that cannot keep
 * up (a busy machine) is not flooded until its sockets time out, and live
 * work stays bounded, which is what the growth is measured against. After each step of
 * BENCH_MEMORY_STEPS (10,000, 50,000, 100,000) closed conversations the
 * sending pauses, the child collects garbage and reports, from Node itself
 * (no operating-system files, so on any platform), its resident memory
 * (process.memoryUsage().rss: heap of both threads, SQLite's caches, and the
 * pages of the event log SQLite maps into memory, up to 256 MiB, which the
 * kernel can drop), the most it was ever resident (resourceUsage().maxRSS),
 * the main thread's heap and the processing worker's (asked of it, after a
 * collection in its own thread). Each is printed with its growth per closed conversation since the
 * step before; the growth between the first and the last step is what the
 * bound in docs/memory.md is about (goal: at most 1 KiB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AGENT_PUSH_BATCH, type BatchedPush } from '@pagedesk/contracts';
import { io, type Socket } from 'socket.io-client';
import { customerWrites, setUpQueue } from '../test/support/agents';
import { authEnv } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { messengerConfig } from '../test/support/messenger/webhooks';
import { report } from './report';
import {
  BOOTSTRAP,
  built,
  PROCESSING_WORKER,
  SERVER_DIR,
  serverLabel,
} from './support/built-server';

const STEPS = (process.env.BENCH_MEMORY_STEPS ?? '10000,50000,100000').split(',').map(Number);
const AGENTS = Number(process.env.BENCH_MEMORY_AGENTS ?? 4);
const RATE = Number(process.env.BENCH_MEMORY_RATE ?? 150);
const OPEN = Number(process.env.BENCH_MEMORY_OPEN ?? 300);
const STATS = 'bench-stats ';

interface Sample {
  readonly rssMiB: number;
  readonly maxRssMiB: number;
  readonly heapMiB: number;
  /** Null for a release whose worker cannot be asked (BENCH_SERVER_DIR), or without a worker. */
  readonly workerHeapMiB: number | null;
}

const MEASURES = [
  ['RSS', 'rssMiB'],
  ['max RSS', 'maxRssMiB'],
  ['main heap', 'heapMiB'],
  ['worker heap', 'workerHeapMiB'],
] as const;

/**
 * The child: the built server's createApp, and "sample" on stdin answered
 * with its memory after a collection in both threads (the worker's first, so
 * RSS is read after both). Plain JavaScript, so nothing but the server is
 * compiled or loaded in it.
 */
const CHILD = `
const { createApp } = require(process.env.BENCH_BOOTSTRAP);
const { ProcessingWorker } = require(process.env.BENCH_PROCESSING_WORKER);
(async () => {
  const app = await createApp(JSON.parse(process.env.BENCH_SERVER_ENV));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  const worker = app.get(ProcessingWorker, { strict: false });
  // It answers once it has started; a release before heapUsed() has no figure.
  const workerHeap = async (tries = 600) => {
    if (typeof worker.heapUsed !== 'function') return null;
    try {
      return await worker.heapUsed(true);
    } catch (error) {
      if (tries === 0) throw error;
      await new Promise((r) => setTimeout(r, 100));
      return workerHeap(tries - 1);
    }
  };
  process.stdin.on('data', async () => {
    const workerBytes = await workerHeap();
    globalThis.gc();
    const sample = {
      rssMiB: process.memoryUsage().rss / 2 ** 20,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
      workerHeapMiB: workerBytes === null ? null : workerBytes / 2 ** 20,
    };
    console.log('${STATS}' + JSON.stringify(sample));
  });
  console.log('listening on http://127.0.0.1:' + port);
})().catch((error) => { console.error(error); process.exit(1); });
`;

class ServerChild {
  private waiting: ((sample: Sample) => void) | undefined;
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(env: Record<string, string>): Promise<ServerChild> {
    const child = spawn(process.execPath, ['--expose-gc', '-e', CHILD], {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        BENCH_BOOTSTRAP: built(BOOTSTRAP),
        BENCH_PROCESSING_WORKER: built(PROCESSING_WORKER),
        BENCH_SERVER_ENV: JSON.stringify(env),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      let server: ServerChild | undefined;
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith(STATS)) server?.waiting?.(JSON.parse(line.slice(STATS.length)));
          const url = /^listening on (\S+)/.exec(line)?.[1];
          if (url) resolve((server = new ServerChild(child, url)));
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
  }

  sample(): Promise<Sample> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.stdin!.write('sample\n');
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

interface Tally {
  closed: number;
  /** Closes answered with an error or not at all, and sockets the server dropped: the run is suspect if any. */
  failed: number;
  dropped: number;
}

/** An agent who closes every chat the moment it is assigned; counts the closes acknowledged. */
function closingAgent(url: string, token: string, tally: Tally): Promise<Socket> {
  const socket = io(`${url}/agent`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const close = (chat: { conversationId: string }) => {
    void socket
      .timeout(60_000)
      .emitWithAck('chat:close', { conversationId: chat.conversationId })
      .then(
        (answer: { ok: boolean }) => {
          if (answer.ok) tally.closed += 1;
          else tally.failed += 1;
        },
        () => (tally.failed += 1),
      );
  };
  // Pushes arrive in batches (docs/socket-contract.md).
  socket.on(AGENT_PUSH_BATCH, (pushes: BatchedPush[]) => {
    for (const push of pushes)
      if (push.name === 'chat:assigned') close(push.payload as { conversationId: string });
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    tally.dropped += 1;
    console.error(`agent socket dropped: ${reason}`);
  });
  return new Promise((resolve, reject) => {
    socket.once(
      'connect',
      () =>
        void socket.emitWithAck('agent:status', { status: 'ready' }).then(() => resolve(socket)),
    );
    socket.once('connect_error', reject);
  });
}

type Step = { readonly step: number; readonly sample: Sample };

const mib = (value: number | null) => (value === null ? 'n/a' : value);

function record(figures: Record<string, number | string>, label: string, sample: Sample): void {
  for (const [name, key] of MEASURES) figures[`${label}: ${name} (MiB)`] = mib(sample[key]);
}

/** KiB per conversation closed between two steps; null when either has no figure. */
function growth(from: Step, to: Step, key: (typeof MEASURES)[number][1]): number | null {
  const [a, b] = [from.sample[key], to.sample[key]];
  return a === null || b === null ? null : ((b - a) * 1024) / (to.step - from.step);
}

function recordGrowth(figures: Record<string, number | string>, from: Step, to: Step): void {
  for (const [name, key] of MEASURES)
    figures[`${name} growth per closed conversation, ${from.step}→${to.step} (KiB)`] = mib(
      growth(from, to, key),
    );
}

/** One step's line: each figure in MiB, and its growth per conversation since the step before. */
function stepLine(sample: Sample, previous: Step | undefined, step: number): string {
  return MEASURES.map(([name, key]) => {
    const value = sample[key];
    if (value === null) return `${name} n/a`;
    const since = previous && growth(previous, { step, sample }, key);
    const per = typeof since === 'number' ? ` (${since.toFixed(2)} KiB/closed)` : '';
    return `${name} ${value.toFixed(1)} MiB${per}`;
  }).join(', ');
}

/** Waits while `count()` is at `limit` or above; gives up when it has not moved for two minutes. */
async function untilBelow(count: () => number, limit: number): Promise<void> {
  let last = count();
  let movedAt = Date.now();
  while (count() >= limit) {
    if (count() !== last) [last, movedAt] = [count(), Date.now()];
    if (Date.now() - movedAt > 120_000) throw new Error(`stuck at ${last} open conversations`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main(): Promise<void> {
  const graph = await FakeGraphServer.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-memory-'));
  const server = await ServerChild.start(
    authEnv({
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      JWT_TTL_SECONDS: '86400',
      LOG_LEVEL: 'warn',
    }),
  );
  const sockets: Socket[] = [];
  const figures: Record<string, number | string> = { server: serverLabel() };
  try {
    const { agents } = await setUpQueue(server.url, {
      agents: AGENTS,
      routingMode: 'auto',
      maxChats: 5,
    });
    const tally: Tally = { closed: 0, failed: 0, dropped: 0 };
    for (const agent of agents) sockets.push(await closingAgent(server.url, agent.token, tally));
    const before = await server.sample();
    record(figures, 'idle', before);
    const samples: { step: number; sample: Sample }[] = [];
    let sent = 0;
    const started = performance.now();
    for (const step of STEPS) {
      while (sent < step) {
        const due = started + (sent / RATE) * 1_000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await untilBelow(() => sent - tally.closed - tally.failed, OPEN);
        void customerWrites(server.url, `9${String(sent).padStart(9, '0')}`).catch(
          () => (tally.failed += 1),
        );
        sent += 1;
      }
      const deadline = Date.now() + 600_000;
      while (tally.closed < step && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const sample = await server.sample();
      const previous = samples[samples.length - 1];
      samples.push({ step, sample });
      record(figures, `${step.toLocaleString('en')} closed`, sample);
      if (previous) recordGrowth(figures, previous, { step, sample });
      // Each step as it is taken: a long run stopped early still leaves its figures.
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      console.log(`${tally.closed} closed after ${seconds} s: ${stepLine(sample, previous, step)}`);
    }
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    // Between neighbours it is already recorded; first to last only says more with three steps or more.
    if (samples.length > 2) recordGrowth(figures, first, last);
    figures['webhooks or closes failed'] = tally.failed;
    figures['agent sockets dropped by the server'] = tally.dropped;
    figures['seconds to drive them all'] = Math.round((performance.now() - started) / 1000);
    report('memory', figures);
  } finally {
    sockets.forEach((s) => s.close());
    await server.stop();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
