/**
 * npm run bench:outbound — the outbox against the fake Graph API on loopback:
 * how many agent messages per second go from SendAgentMessage through the log
 * and the per-conversation lanes to an accepted Send API call, and how long one
 * message takes from SendAgentMessage to its Send API request (p50/p99).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { messengerConfig } from '../test/support/messenger/webhooks';
import { assignedConversation, sendAgentMessage, settleAll } from '../test/support/outbound';
import { startTestApp } from '../test/support/test-app';
import { perSecond, report } from './report';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const MESSAGES_PER_CONVERSATION = Number(process.env.BENCH_MESSAGES_PER_CONVERSATION ?? 10);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const graph = await FakeGraphServer.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-bench-outbound-'));
  const server = await startTestApp({
    DATA_DIR: dataDir,
    MESSENGER_CONFIG: messengerConfig(),
    MESSENGER_GRAPH_API_URL: graph.url,
  });
  const arrivals = new Map<string, number>();
  graph.use((request) => {
    const metadata = (request.body as { message?: { metadata?: string } } | undefined)?.message
      ?.metadata;
    if (metadata) arrivals.set(metadata.replace('pagedesk:out:', ''), performance.now());
    return undefined;
  });
  try {
    const ids: string[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      ids.push(
        await assignedConversation(server.app, server.url, `73920156${String(c).padStart(8, '0')}`),
      );
    }

    const total = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
    const started = performance.now();
    await Promise.all(
      ids.map(async (id) => {
        for (let n = 0; n < MESSAGES_PER_CONVERSATION; n++) {
          await sendAgentMessage(server.app, id, { kind: 'text', text: `Message ${n}` });
        }
      }),
    );
    await settleAll(server.app);
    const throughputMs = performance.now() - started;

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const before = performance.now();
      const { messageId } = await sendAgentMessage(server.app, ids[i % ids.length]!, {
        kind: 'text',
        text: `Latency ${i}`,
      });
      while (!arrivals.has(messageId)) await new Promise((r) => setImmediate(r));
      latencies.push(arrivals.get(messageId)! - before);
    }
    await settleAll(server.app);
    latencies.sort((a, b) => a - b);

    report('outbound', {
      conversations: CONVERSATIONS,
      'messages through the outbox': total,
      'outbox sends/s (requested → sent, recorded)': perSecond(total, throughputMs),
      'SendAgentMessage → Send API call p50 (ms)': percentile(latencies, 50),
      'SendAgentMessage → Send API call p99 (ms)': percentile(latencies, 99),
      'latency samples (one at a time)': LATENCY_SAMPLES,
      store: 'embedded SQLite, synchronous=FULL',
    });
  } finally {
    await server.close();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
