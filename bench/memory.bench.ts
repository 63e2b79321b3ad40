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
 * sending pauses, the child collects garbage and reports its anonymous
 * resident memory (RssAnon from /proc/self/status: heap of both threads,
 * SQLite's caches; not the mapped database files) and the main thread's
 * heap. The growth per closed conversation between the first and the last
 * step is what the bound in docs/memory.md is about (goal: at most 1 KiB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { customerWrites, setUpQueue } from '../test/support/agents';
import { authEnv } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { messengerConfig } from '../test/support/messenger/webhooks';
import { report } from './report';
import { BOOTSTRAP, built, SERVER_DIR, serverLabel } from './support/built-server';

const STEPS = (process.env.BENCH_MEMORY_STEPS ?? '10000,50000,100000').split(',').map(Number);
const AGENTS = Number(process.env.BENCH_MEMORY_AGENTS ?? 4);
const RATE = Number(process.env.BENCH_MEMORY_RATE ?? 150);
const OPEN = Number(process.env.BENCH_MEMORY_OPEN ?? 300);
const STATS = 'bench-stats ';

interface Sample {
  readonly rssAnonMiB: number;
  readonly heapMiB: number;
}

/**
 * The child: the built server's createApp, and "sample" on stdin answered
 * with its memory after a collection. Plain JavaScript, so nothing but the
 * server is compiled or loaded in it.
 */
const CHILD = `
const { readFileSync } = require('node:fs');
const { createApp } = require(process.env.BENCH_BOOTSTRAP);
(async () => {
  const app = await createApp(JSON.parse(process.env.BENCH_SERVER_ENV));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  process.stdin.on('data', () => {
    globalThis.gc();
    const kib = Number(/RssAnon:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    const sample = { rssAnonMiB: kib / 1024, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 };
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
  socket.on('chat:assigned', (chat: { conversationId: string }) => {
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
    figures['idle: RssAnon (MiB)'] = before.rssAnonMiB;
    figures['idle: main heap (MiB)'] = before.heapMiB;
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
      samples.push({ step, sample });
      figures[`${step.toLocaleString('en')} closed: RssAnon (MiB)`] = sample.rssAnonMiB;
      figures[`${step.toLocaleString('en')} closed: main heap (MiB)`] = sample.heapMiB;
      // Each step as it is taken: a long run stopped early still leaves its figures.
      console.log(
        `${tally.closed} closed after ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(sample)}`,
      );
    }
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const conversations = last.step - first.step;
    if (conversations > 0) {
      figures[`RssAnon growth per closed conversation, ${first.step}→${last.step} (KiB)`] =
        ((last.sample.rssAnonMiB - first.sample.rssAnonMiB) * 1024) / conversations;
      figures[`main heap growth per closed conversation, ${first.step}→${last.step} (KiB)`] =
        ((last.sample.heapMiB - first.sample.heapMiB) * 1024) / conversations;
    }
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
