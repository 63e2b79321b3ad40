/**
 * npm run bench:e2e — the agent gateway under load: the real server in a child
 * process (embedded SQLite, synchronous=FULL), BENCH_AGENTS agents connected
 * over socket.io and ready in an offer queue, signed webhooks posted at a fixed
 * rate. Measured in this process: from the webhook's 200 to the first
 * `chat:requested` at an agent (new customers), and to `chat:message` at the
 * assigned agent (follow-ups), p50/p99, at each rate in BENCH_RATES.
 * Offered chats are accepted by the first of the agents racing for them (one in
 * RACE_GROUPS tries), and closed at once unless they belong to the pool of
 * follow-up conversations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AgentClient, customerWrites, setUpQueue } from '../test/support/agents';
import { authEnv, type JsonBody } from '../test/support/auth';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { messengerConfig } from '../test/support/messenger/webhooks';
import { startServerProcess } from '../test/support/server-process';
import { report } from './report';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const RATES = (process.env.BENCH_RATES ?? '200,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POOL = Number(process.env.BENCH_POOL ?? 100);
/** One message in ten comes from a new customer; the rest are follow-ups in assigned chats. */
const NEW_SHARE = 0.1;

/**
 * Every ready agent is offered every new chat (offer mode); one agent in
 * RACE_GROUPS tries to accept it, as people at desks would, not all 200 at once.
 */
const RACE_GROUPS = 10;
const racesFor = (conversationId: string) =>
  [...conversationId].reduce((sum, c) => sum + c.charCodeAt(0), 0) % RACE_GROUPS;

/** Losing an accept race, or an ack cut short at shutdown, is part of the load, not a failure. */
const ignore = () => undefined;

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
    }),
  );
  const clients: AgentClient[] = [];
  try {
    const { agents } = await setUpQueue(server.url, {
      agents: AGENTS,
      routingMode: 'offer',
      maxChats: 4,
    });
    const requestedAt = new Map<string, number>(); // psid → first chat:requested
    const messageAt = new Map<string, number>(); // mid → chat:message at the holder
    const pool = new Set<string>(); // psids whose chats stay open for follow-ups
    const assignedPsids = new Set<string>();
    for (const [index, agent] of agents.entries()) {
      const client = await AgentClient.connect(server.url, agent.token);
      clients.push(client);
      client.socket.on('chat:requested', (p: JsonBody) => {
        if (!requestedAt.has(p.customer.id)) requestedAt.set(p.customer.id, performance.now());
        if (racesFor(p.conversationId) === index % RACE_GROUPS) {
          void client.request('chat:accept', { conversationId: p.conversationId }).catch(ignore);
        }
      });
      client.socket.on('chat:assigned', (p: JsonBody) => {
        assignedPsids.add(p.customer.id);
        if (!pool.has(p.customer.id))
          void client.request('chat:close', { conversationId: p.conversationId }).catch(ignore);
      });
      client.socket.on('chat:message', (p: JsonBody) =>
        messageAt.set(p.messageId, performance.now()),
      );
      await client.request('agent:status', { status: 'ready' });
    }

    // Warm-up: the follow-up pool, each chat assigned to whoever accepted first.
    for (let i = 0; i < POOL; i++) pool.add(`8${String(i).padStart(9, '0')}`);
    await Promise.all([...pool].map((psid) => customerWrites(server.url, psid, 'warm-up')));
    while ([...pool].some((p) => !assignedPsids.has(p)))
      await new Promise((r) => setTimeout(r, 20));

    const figures: Record<string, number | string> = { agents: AGENTS, seconds: SECONDS };
    let fresh = 0;
    for (const rate of RATES) {
      const requested: number[] = [];
      const followUps: number[] = [];
      const pending: Promise<void>[] = [];
      const total = rate * SECONDS;
      const started = performance.now();
      for (let n = 0; n < total; n++) {
        const due = started + (n * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const isNew = n % Math.round(1 / NEW_SHARE) === 0;
        const psid = isNew ? `9${String(++fresh).padStart(9, '0')}` : [...pool][n % POOL]!;
        pending.push(
          customerWrites(server.url, psid, `message ${n}`).then(async (mid) => {
            const acked = performance.now();
            const seen = isNew ? () => requestedAt.get(psid) : () => messageAt.get(mid);
            const deadline = acked + 30_000;
            while (seen() === undefined && performance.now() < deadline)
              await new Promise((r) => setTimeout(r, 2));
            const at = seen();
            if (at !== undefined) (isNew ? requested : followUps).push(Math.max(0, at - acked));
          }),
        );
      }
      const failures = (await Promise.allSettled(pending)).filter((r) => r.status === 'rejected');
      if (failures.length > 0) {
        // The server could not keep up (webhooks timed out): say so instead of quoting a partial figure.
        const reason = String(
          (failures[0] as PromiseRejectedResult).reason?.cause?.code ?? 'error',
        );
        figures[`@${rate}/s`] =
          `overloaded: ${failures.length} of ${total} webhooks failed (${reason})`;
        break;
      }
      const sentRate = Math.round((total / (performance.now() - started)) * 1000);
      requested.sort((a, b) => a - b);
      followUps.sort((a, b) => a - b);
      Object.assign(figures, {
        [`@${rate}/s offered rate achieved (msg/s)`]: sentRate,
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
    await server.kill('SIGTERM');
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
