/**
 * npm run bench:e2e — the agent gateway under load: the real server in a child
 * process (embedded SQLite, synchronous=FULL), BENCH_AGENTS agents connected
 * over socket.io and ready in an offer queue, signed webhooks posted at a fixed
 * rate. Measured in this process: from the webhook's 200 to the first
 * `chat:requested` at an agent (new customers), and to `chat:message` at the
 * assigned agent (follow-ups), p50/p99, at each rate in BENCH_RATES.
 * Offered chats are accepted by the first of the agents racing for them (one in
 * RACE_GROUPS tries; with BENCH_OFFER_GROUP=G, the queue's offerGroupSize, each
 * chat is shown to G agents and every one of them tries), and closed at once
 * unless they belong to the pool of follow-up conversations.
 * What each rate's messages cost the server comes from its own /metrics
 * (support/server-usage.ts), per message: the process's CPU, all threads (and
 * each thread's where its Node measures one), and each thread's event-loop busy
 * time. Unlike latencies, CPU per message barely moves when other work shares
 * the cores, so it compares runs on a busy machine; busy time is wall time, and
 * grows when a busy thread waits for a core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AgentClient, setUpQueue } from '../test/support/agents';
import { api, authEnv, type JsonBody } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import * as fb from '../test/support/messenger/deliveries';
import { messengerConfig, PAGE_ID, sign } from '../test/support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from '../test/support/server-process';
import { report } from './report';
import { BENCH_METRICS_TOKEN, perMessage, serverUsage } from './support/server-usage';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const RATES = (process.env.BENCH_RATES ?? '200,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POOL = Number(process.env.BENCH_POOL ?? 100);
/** BENCH_OFFER_GROUP=G: the queue shows each waiting chat to G agents at once (docs/tenants.md); unset: to all. */
const OFFER_GROUP = process.env.BENCH_OFFER_GROUP ? Number(process.env.BENCH_OFFER_GROUP) : null;
/** BENCH_KEEP_DATA=1: the server's data directory stays (its path is printed), to count what the run stored. */
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
/** One message in ten comes from a new customer; the rest are follow-ups in assigned chats. */
const NEW_SHARE = 0.1;

/**
 * Without offer groups every ready agent is offered every new chat; one agent in
 * RACE_GROUPS tries to accept it, as people at desks would, not all 200 at once.
 * With them, the few it is shown to are those desks.
 */
const RACE_GROUPS = 10;
const racesFor = (conversationId: string) =>
  [...conversationId].reduce((sum, c) => sum + c.charCodeAt(0), 0) % RACE_GROUPS;

/** Losing an accept race, or an ack cut short at shutdown, is part of the load, not a failure. */
const ignore = () => undefined;

/**
 * When each key was first seen on a socket, and who waits for it: waiters are
 * woken by the arrival itself (polling timers for thousands of pending
 * messages would make this load generator the bottleneck).
 */
class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  arrived(key: string): void {
    if (this.seen.has(key)) return;
    const at = performance.now();
    this.seen.set(key, at);
    this.waiting.get(key)?.(at);
    this.waiting.delete(key);
  }

  when(key: string, timeoutMs: number): Promise<number | undefined> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(key, (seenAt) => {
        clearTimeout(timer);
        resolve(seenAt);
      });
    });
  }
}

/**
 * Posts signed webhooks over at most WEBHOOK_CONNECTIONS keep-alive
 * connections, as Facebook does: a fetch per request would open a new
 * connection whenever the others are busy, thousands under load, and measure
 * the server's accept queue instead of its work.
 */
const WEBHOOK_CONNECTIONS = 64;

function webhookSender(url: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: WEBHOOK_CONNECTIONS });
  let time = Date.now();
  const post = (body: string, signature: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${url}/webhooks/messenger`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        },
        (res) => {
          // A connection cut mid-answer ('aborted', ECONNRESET) fails this request; unheard, it crashed the run.
          res.on('error', reject);
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(new Error(`webhook answered ${res.statusCode}`)),
          );
        },
      );
      req.on('error', (error) => reject(req.reusedSocket ? new StaleConnection(error) : error));
      req.end(body);
    });
  const send = async (psid: string, text: string): Promise<string> => {
    const mid = `m_${psid}_${++time}`;
    const body = fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, mid, text, time));
    try {
      await post(body, sign(body));
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error;
      // The server closed this idle keep-alive connection as it was reused: nothing was received, send again once.
      await post(body, sign(body));
    }
    return mid;
  };
  return { send, close: () => agent.destroy() };
}

/** A request that failed on a reused keep-alive connection before any answer (Node's documented retry case). */
class StaleConnection extends Error {
  readonly code: unknown;
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.code = (cause as { code?: unknown }).code;
  }
}

/** What a failed webhook is counted as: its error code, else its message. */
const failureOf = (error: unknown): string => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return String(code ?? message ?? 'error');
};

/**
 * Why the server is gone, with the end of what it logged, or undefined while it runs. Checked while
 * waiting, so a crash is named at once: a server that aborted on Node 24 (SIGABRT, BENCHMARKS.md session 11)
 * was waited on for 60 s and reported as chats not assigned, or as a webhook's ECONNRESET.
 */
function exitOf(server: ServerProcess): string | undefined {
  const { exitCode, signalCode } = server.child;
  if (exitCode === null && signalCode === null) return undefined;
  return `the server exited (${signalCode ?? exitCode}); its last output:\n${server.output().slice(-3000)}`;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

async function main(): Promise<void> {
  const graph = await FakeGraphServer.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-agents-'));
  const server = await startServerProcess(
    authEnv({
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      LOG_LEVEL: 'warn',
      // The set-up creates BENCH_AGENTS users in a burst; the production REST budget would throttle it.
      REST_RATE_LIMIT: '1000000',
      // The CPU and busy-time figures are the server's own, from /metrics.
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
    }),
  );
  const clients: AgentClient[] = [];
  const webhooks = webhookSender(server.url);
  try {
    const { admin, agents } = await setUpQueue(server.url, {
      agents: AGENTS,
      routingMode: 'offer',
      maxChats: 4,
    });
    if (OFFER_GROUP !== null) {
      const set = await api(server.url, admin)('PATCH', '/api/queues/default', {
        offerGroupSize: OFFER_GROUP,
      });
      if (set.status !== 200) throw new Error(`offerGroupSize: ${JSON.stringify(set.body)}`);
    }
    const tries = (conversationId: string, index: number) =>
      OFFER_GROUP !== null || racesFor(conversationId) === index % RACE_GROUPS;
    const requestedAt = new Arrivals(); // psid → first chat:requested
    const messageAt = new Arrivals(); // mid → chat:message at the holder
    const pool = new Set<string>(); // psids whose chats stay open for follow-ups
    const assignedPsids = new Set<string>();
    for (const [index, agent] of agents.entries()) {
      const client = await AgentClient.connect(server.url, agent.token);
      clients.push(client);
      client.on('chat:requested', (p: JsonBody) => {
        requestedAt.arrived(p.customer.id);
        if (tries(p.conversationId, index)) {
          void client.request('chat:accept', { conversationId: p.conversationId }).catch(ignore);
        }
      });
      client.on('chat:assigned', (p: JsonBody) => {
        assignedPsids.add(p.customer.id);
        if (!pool.has(p.customer.id))
          void client.request('chat:close', { conversationId: p.conversationId }).catch(ignore);
      });
      client.on('chat:message', (p: JsonBody) => messageAt.arrived(p.messageId));
      await client.request('agent:status', { status: 'ready' });
    }

    // Warm-up: the follow-up pool, each chat assigned to whoever accepted first.
    for (let i = 0; i < POOL; i++) pool.add(`8${String(i).padStart(9, '0')}`);
    await Promise.all([...pool].map((psid) => webhooks.send(psid, 'warm-up')));
    const warmedBy = Date.now() + 60_000;
    while ([...pool].some((p) => !assignedPsids.has(p))) {
      const gone = exitOf(server);
      if (gone) throw new Error(gone);
      if (Date.now() > warmedBy) throw new Error('the warm-up chats were not all assigned in 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }

    const figures: Record<string, number | string> = {
      agents: AGENTS,
      seconds: SECONDS,
      offerGroupSize: OFFER_GROUP ?? 'none',
    };
    let fresh = 0;
    for (const rate of RATES) {
      const requested: number[] = [];
      const followUps: number[] = [];
      const pending: Promise<void>[] = [];
      // Each failure is counted as it happens: a rejection left unhandled until the rate's end stopped the run.
      const failures: string[] = [];
      const total = rate * SECONDS;
      const usageBefore = await serverUsage(server.url);
      const started = performance.now();
      let lastAck = started;
      for (let n = 0; n < total; n++) {
        const due = started + (n * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const isNew = n % Math.round(1 / NEW_SHARE) === 0;
        const psid = isNew ? `9${String(++fresh).padStart(9, '0')}` : [...pool][n % POOL]!;
        pending.push(
          webhooks
            .send(psid, `message ${n}`)
            .then(async (mid) => {
              const acked = performance.now();
              lastAck = Math.max(lastAck, acked);
              const at = await (isNew ? requestedAt : messageAt).when(isNew ? psid : mid, 30_000);
              if (at !== undefined) (isNew ? requested : followUps).push(Math.max(0, at - acked));
            })
            .catch((error: unknown) => void failures.push(failureOf(error))),
        );
      }
      await Promise.all(pending);
      // Until every push was seen (or given up on): what the rate's messages cost the server.
      const usageAfter = await serverUsage(server.url);
      figures[`@${rate}/s failed webhooks`] = failures.length;
      for (const [name, ms] of Object.entries(perMessage(usageBefore, usageAfter, total)))
        figures[`@${rate}/s ${name}`] = ms;
      if (failures.length > 0) {
        // The server could not keep up (webhooks timed out or were cut): say so instead of quoting a partial figure.
        const reasons = [...new Set(failures)].join(', ');
        const gone = exitOf(server);
        if (gone)
          throw new Error(`${failures.length} of ${total} webhooks failed (${reasons}): ${gone}`);
        figures[`@${rate}/s`] =
          `overloaded: ${failures.length} of ${total} webhooks failed (${reasons})`;
        break;
      }
      // Acknowledged per second: webhooks queue on the bounded connections when the server falls behind.
      const sentRate = Math.round((total / (lastAck - started)) * 1000);
      requested.sort((a, b) => a - b);
      followUps.sort((a, b) => a - b);
      Object.assign(figures, {
        [`@${rate}/s acknowledged rate (msg/s)`]: sentRate,
        [`@${rate}/s chat:requested p50 (ms)`]: percentile(requested, 50),
        [`@${rate}/s chat:requested p99 (ms)`]: percentile(requested, 99),
        [`@${rate}/s chat:requested samples`]: requested.length,
        [`@${rate}/s chat:message p50 (ms)`]: percentile(followUps, 50),
        [`@${rate}/s chat:message p99 (ms)`]: percentile(followUps, 99),
        [`@${rate}/s chat:message samples`]: followUps.length,
      });
    }
    report('agent-latency', figures);
  } finally {
    clients.forEach((c) => c.close());
    webhooks.close();
    await server.kill('SIGTERM');
    await graph.close();
    if (KEEP_DATA) console.log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
