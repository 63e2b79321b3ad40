import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentClient, setUpQueue } from './support/agents';
import { authEnv } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { graphError } from './support/fake-graph/fake-graph-server';
import { delivery, text } from './support/messenger/deliveries';
import { PAGE_ID, postWebhook, PSID } from './support/messenger/webhooks';
import { assignedConversation, sendAgentMessage, settleAll } from './support/outbound';
import { startTestApp } from './support/test-app';

const TOKEN = 'scrape-token-0123456789';
const SPIN_MS = 200;

/** Every series name the operator docs promise. */
const documented = (): string[] =>
  [
    ...readFileSync(join(__dirname, '../docs/metrics.md'), 'utf8').matchAll(/^\| `([a-z0-9_]+)`/gm),
  ].map((m) => m[1]!);

const scrape = (url: string, token: string | null = TOKEN) =>
  fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** The value of one sample line, e.g. `name{label="x"}`; undefined when absent. */
const sample = (body: string, series: string): number | undefined => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

/** Runs on this thread until the process has used `ms` of CPU; how long that took. */
function spinCpu(ms: number): { wallSeconds: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(cpu);
    if ((used.user + used.system) / 1000 >= ms) break;
  }
  return { wallSeconds: (performance.now() - started) / 1000 };
}

// First: Nest's ConfigModule copies validated variables into process.env, so a server started
// later in this file would otherwise see the token of the one before.
describe('operator metrics switched off', () => {
  it('has no /metrics without METRICS_TOKEN', async () => {
    const server = await startTestApp(authEnv());
    try {
      expect((await scrape(server.url)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('operator metrics at /metrics', () => {
  const desk = e2eApp({ env: { METRICS_TOKEN: TOKEN } });

  it('serves every documented series to a scraper with the token', async () => {
    const names = documented();
    expect(names.length).toBeGreaterThanOrEqual(13);
    const response = await scrape(desk.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    const missing = names.filter((name) => !body.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
    expect(sample(body, 'pagedesk_quarantined_events')).toBe(0);
    expect(sample(body, 'pagedesk_projection_failed{projection="service-figures"}')).toBe(0);
    // Inline there is no worker thread: no sample rather than a 0 that reads as an empty heap.
    expect(sample(body, 'pagedesk_worker_heap_used_bytes')).toBeUndefined();
    expect(sample(body, 'pagedesk_sqlite_wal_bytes')).toBeGreaterThan(0);
  });

  it("counts each thread's busy time and the process's CPU as the server works", async () => {
    const busy = 'pagedesk_event_loop_busy_seconds_total{thread="main"}';
    const before = await (await scrape(desk.url)).text();
    // In-process, the server's main thread is this one: keep it on a CPU for a known CPU time
    // (on a shared machine a spin of a known wall time may get little of one).
    const spun = spinCpu(SPIN_MS);
    const after = await (await scrape(desk.url)).text();
    const grew = (series: string) => sample(after, series)! - sample(before, series)!;
    expect(grew(busy)).toBeGreaterThanOrEqual(spun.wallSeconds);
    expect(grew('process_cpu_seconds_total')).toBeGreaterThanOrEqual(SPIN_MS / 1000);
    // Inline there is no worker thread to report.
    expect(
      sample(after, 'pagedesk_event_loop_busy_seconds_total{thread="processing-worker"}'),
    ).toBe(undefined);
    // A thread's own CPU only where the runtime measures it (Node 23.9+); none rather than a 0.
    const threadCpu = 'pagedesk_thread_cpu_seconds_total{thread="main"}';
    if ('threadCpuUsage' in process) expect(grew(threadCpu)).toBeGreaterThanOrEqual(SPIN_MS / 1000);
    else expect(sample(after, threadCpu)).toBeUndefined();
  });

  it('refuses a scraper without the right token', async () => {
    expect((await scrape(desk.url, null)).status).toBe(401);
    const wrong = await scrape(desk.url, 'not-the-scrape-token');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('pagedesk_');
  });

  it('counts webhooks, outbox failures by reason, and connected sockets', async () => {
    const { agents } = await setUpQueue(desk.url, { agents: 1, routingMode: 'offer' });
    const agent = await AgentClient.connect(desk.url, agents[0]!.token);
    try {
      const before = await (await scrape(desk.url)).text();
      const webhooks = (body: string) =>
        sample(body, 'pagedesk_webhook_ack_seconds_count{status="200"}') ?? 0;
      expect(sample(before, 'pagedesk_sockets_connected{namespace="/agent"}')).toBe(1);

      await postWebhook(desk.url, delivery(PAGE_ID, text(PAGE_ID, PSID, 'm_1', 'hi', Date.now())));
      desk.graph.use((r) =>
        r.path === '/me/messages'
          ? { status: 400, body: graphError(100, 'No matching user found', 2018001) }
          : undefined,
      );
      const id = await assignedConversation(desk.server.app, desk.url, '7392015648120777');
      await sendAgentMessage(desk.server.app, id, { kind: 'text', text: 'Hello' });
      await settleAll(desk.server.app);

      // The counter follows the log: wait until the failure's event has reached it.
      let after = '';
      const failures =
        'pagedesk_outbox_failures_total{reason="The customer cannot be reached on Messenger any more",permanent="true"}';
      for (let i = 0; i < 50 && sample(after, failures) === undefined; i++) {
        after = await (await scrape(desk.url)).text();
        if (sample(after, failures) === undefined) await new Promise((r) => setImmediate(r));
      }
      expect(sample(after, failures)).toBe(1);
      expect(webhooks(after) - webhooks(before)).toBeGreaterThanOrEqual(2);
      expect(sample(after, 'pagedesk_webhook_requests_total{status="200"}')).toBeGreaterThanOrEqual(
        2,
      );
      expect(sample(after, 'pagedesk_outbox_depth')).toBe(0);
      expect(after).toMatch(/^pagedesk_reactor_lag_events\{reactor="outbox"\} 0$/m);
    } finally {
      agent.close();
    }
  });
});
