/**
 * npm run bench:agents — memory and event-loop delay of one chat-server process
 * holding BENCH_SOCKETS (10,000) agent sockets: BENCH_AGENT_USERS agents (users
 * are created through the API with hashed passwords, so not 10,000 of them),
 * each with the same number of sockets, as desktops in many tabs would be.
 * The server runs in a child process that samples itself (this file, with
 * BENCH_ROLE=server): RSS, heap and `monitorEventLoopDelay` per second, printed
 * as lines this process reads. Phases: idle without sockets, idle with every
 * socket connected, then new chats at BENCH_RATE/s offered to every agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { AGENT_PUSH_BATCH, type BatchedPush } from '@pagedesk/contracts';
import { io, type Socket } from 'socket.io-client';
import { customerWrites, setUpQueue } from '../test/support/agents';
import { authEnv } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { messengerConfig } from '../test/support/messenger/webhooks';
import { startTestApp } from '../test/support/test-app';
import { report } from './report';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const AGENT_USERS = Number(process.env.BENCH_AGENT_USERS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STATS = 'bench-stats ';

interface Sample {
  rssMiB: number;
  heapMiB: number;
  p50: number;
  p99: number;
  max: number;
}

/** In the server process: the app in-process, sampling itself once a second. */
async function serve(): Promise<void> {
  const app = await startTestApp(JSON.parse(process.env.BENCH_SERVER_ENV!));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    const ms = (ns: number) => ns / 1e6;
    const sample: Sample = {
      rssMiB: rss / 2 ** 20,
      heapMiB: heapUsed / 2 ** 20,
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
    };
    delay.reset();
    console.log(STATS + JSON.stringify(sample));
  }, 1_000);
  console.log(`listening on ${app.url}`);
}

class ServerChild {
  private samples: Sample[] = [];
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(env: Record<string, string>): Promise<ServerChild> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', __filename], {
      env: { ...process.env, BENCH_ROLE: 'server', BENCH_SERVER_ENV: JSON.stringify(env) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      let server: ServerChild | undefined;
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith(STATS)) server?.samples.push(JSON.parse(line.slice(STATS.length)));
          const url = /^listening on (\S+)/.exec(line)?.[1];
          if (url) resolve((server = new ServerChild(child, url)));
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
  }

  /** The server's samples over the next `ms`. */
  async sample(ms: number): Promise<Sample[]> {
    this.samples = [];
    await new Promise((r) => setTimeout(r, ms));
    return this.samples;
  }
}

const summary = (phase: string, samples: Sample[]) => {
  const last = samples.at(-1)!;
  return {
    [`${phase}: RSS (MiB)`]: last.rssMiB,
    [`${phase}: heap used (MiB)`]: last.heapMiB,
    [`${phase}: event-loop delay p50 (ms, mean of 1 s windows)`]:
      samples.reduce((sum, s) => sum + s.p50, 0) / samples.length,
    [`${phase}: event-loop delay p99 (ms, worst 1 s window)`]: Math.max(
      ...samples.map((s) => s.p99),
    ),
    [`${phase}: event-loop delay max (ms)`]: Math.max(...samples.map((s) => s.max)),
  };
};

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/agent`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function main(): Promise<void> {
  const graph = await FakeGraphServer.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-scale-'));
  const server = await ServerChild.start(
    authEnv({
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      JWT_TTL_SECONDS: '86400',
      // Many sockets per agent user and a burst of set-up calls: the production caps would refuse them.
      SOCKETS_PER_USER: '1000',
      REST_RATE_LIMIT: '1000000',
    }),
  );
  const sockets: Socket[] = [];
  try {
    const { agents } = await setUpQueue(server.url, {
      agents: AGENT_USERS,
      routingMode: 'offer',
      maxChats: 4,
    });
    const idle = await server.sample(5_000);

    const started = performance.now();
    for (let i = 0; i < SOCKETS; i += 100) {
      const batch = Array.from({ length: Math.min(100, SOCKETS - i) }, (_, j) =>
        connect(server.url, agents[(i + j) % agents.length]!.token),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    const connectSeconds = (performance.now() - started) / 1000;
    const connected = await server.sample(5_000);

    let offers = 0;
    // Pushes arrive in batches (docs/socket-contract.md): count the offers inside them.
    const countOffers = (pushes: BatchedPush[]) =>
      (offers += pushes.filter((p) => p.name === 'chat:requested').length);
    for (const socket of sockets) socket.on(AGENT_PUSH_BATCH, countOffers);
    await Promise.all(
      agents.map((_, i) =>
        sockets[i]!.timeout(30_000).emitWithAck('agent:status', { status: 'ready' }),
      ),
    );
    const load = server.sample(SECONDS * 1_000);
    for (let n = 0; n < RATE * SECONDS; n++) {
      void customerWrites(server.url, `93${String(n).padStart(6, '0')}`);
      await new Promise((r) => setTimeout(r, 1_000 / RATE));
    }
    const loaded = await load;

    const idleRss = idle.at(-1)!.rssMiB;
    report('agents-at-scale', {
      'sockets connected': sockets.length,
      'agent users (sockets spread evenly)': AGENT_USERS,
      'connect time, all sockets (s)': connectSeconds,
      'connects/s': Math.round(sockets.length / connectSeconds),
      ...summary('no sockets', idle),
      ...summary(`${sockets.length} sockets idle`, connected),
      'RSS per socket (KiB)': ((connected.at(-1)!.rssMiB - idleRss) * 1024) / sockets.length,
      [`new chats/s offered to every agent (for ${SECONDS} s)`]: RATE,
      ...summary(`${sockets.length} sockets, ${RATE} chats/s`, loaded),
      'chat:requested pushes received by all sockets': offers,
    });
  } finally {
    sockets.forEach((s) => s.close());
    server.child.kill('SIGKILL');
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_ROLE === 'server') {
  void serve();
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
