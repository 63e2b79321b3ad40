/**
 * The deployment check (docs/deploy.md): `npm run check:deploy`, after
 * `npm run build`. Runs the compose "postgres" profile's shape on this
 * machine with real programs: an embedded PostgreSQL, PgBouncer in
 * transaction mode, two chat-server nodes from dist/ and nginx with
 * deploy/nginx-two-nodes.conf, then the event-store and read-model
 * contracts through the pooler. Exits 1 on any failure, including a missing nginx or pgbouncer:
 * a check that did not run is not a pass.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeGraphServer } from '../test/support/fake-graph/fake-graph-server';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres';
import type { ServerProcess } from '../test/support/server-process';
import { nginxConfFor } from './deploy-check/nginx-conf';
import { ROW_LEASE_TIMING } from '../apps/chat-server/src/cluster/lease';
import { leasesRunOn, pickedPort, startNode } from './deploy-check/nodes';
import { assertFreshBuild } from './deploy-check/fresh-build';
import { probePooler } from './deploy-check/pooler-limits';
import {
  freePort,
  removeScratch,
  requireBinary,
  startNginx,
  poolerTrouble,
  startPgBouncer,
  type Started,
} from './deploy-check/processes';
import { HANDOVER_BUDGET_MS, runScenario } from './deploy-check/scenario';

const ROOT = join(__dirname, '..');
const say = (line: string) => process.stdout.write(`check:deploy: ${line}\n`);

async function main(): Promise<boolean> {
  const [nginxBinary, pgbouncerBinary] = [requireBinary('nginx'), requireBinary('pgbouncer')];
  const entry = join(ROOT, 'dist/apps/chat-server/src/main.js');
  if (!existsSync(entry)) throw new Error('dist/ is missing: run npm run build first');
  assertFreshBuild(ROOT, entry);
  // nginx prints its version on stderr, PgBouncer on stdout.
  const versions = [nginxBinary, pgbouncerBinary].map((binary) => {
    const run = spawnSync(binary, ['-V'], { encoding: 'utf8' });
    return `${run.stderr}${run.stdout}`.split('\n')[0];
  });
  say(`using ${versions.join(' / ')}`);
  const cleanup: (() => Promise<void>)[] = [];
  const logged: Started[] = [];
  const nodes: ServerProcess[] = [];
  try {
    const postgres: TestPostgres = await startTestPostgres();
    cleanup.push(() => postgres.stop());
    const direct = await postgres.createDatabase();
    const bouncer = await startPgBouncer(direct);
    cleanup.unshift(() => bouncer.process.stop());
    logged.push(bouncer.process);
    say(
      `PostgreSQL on ${new URL(direct).port}, PgBouncer (transaction mode) on ${new URL(bouncer.url).port}`,
    );
    const graph = await FakeGraphServer.start();
    cleanup.unshift(() => graph.close());

    const [listen, a, b] = [await freePort(), await freePort(), await freePort()];
    const nginx: Started = await startNginx(nginxConfFor(listen, [a, b]), listen);
    cleanup.unshift(() => nginx.stop());
    logged.push(nginx);
    const balancer = `http://127.0.0.1:${listen}`;
    const first = await pickedPort(balancer, [a, b]);
    say(
      `nginx on ${listen} with deploy/nginx-two-nodes.conf; ip_hash sends this client to :${first}`,
    );

    const urls = { pooled: bouncer.url, direct, graph: graph.url };
    cleanup.unshift(() => Promise.all(nodes.map((n) => n.kill())).then(() => undefined));
    nodes.push(watched(await startNode(first, urls), 1));
    await leasesRunOn(nodes[0]!.url, 15_000);
    nodes.push(watched(await startNode(first === a ? b : a, urls), 2));
    say(
      `node 1 on :${first} holds the routing and work leases, node 2 on :${first === a ? b : a} stands by`,
    );
    say(
      `nodes: DATABASE_URL through PgBouncer, DATABASE_SESSION_URL direct, CLUSTER_LEASE=row (its default TTL, ${ROW_LEASE_TIMING.ttlMs} ms)`,
    );
    // Node 1 must still hold both leases: one that lost its work lease meanwhile has exited.
    await leasesRunOn(nodes[0]!.url, 5_000);

    const figures = await runScenario(
      balancer,
      { holder: nodes[0]!, survivor: nodes[1]! },
      graph,
      say,
    );
    say(
      `node 1 SIGKILLed: leases running on node 2 after ${figures.handoverMs} ms (budget ${HANDOVER_BUDGET_MS} ms)`,
    );
    say(
      `agent back through nginx on node 2 (${figures.transport}) ${figures.reconnectMs} ms after the kill; sync gapless (${figures.resyncedMessages} messages, each once, in order; the one written during the failover ${figures.lateMessage})`,
    );
    const handoverOk = figures.handoverMs < HANDOVER_BUDGET_MS;
    if (!handoverOk) say(`FAIL: handover took ${figures.handoverMs} ms`);

    for (const probe of await probePooler(direct, bouncer.url))
      say(
        `${probe.limitation ? 'LIMITATION (documented in docs/postgres.md)' : 'works'}: ${probe.feature} through PgBouncer: ${probe.pooled} (direct: ${probe.direct})`,
      );

    const contractOk = await runContract(direct, bouncer.url);
    if (!contractOk) reportPooler(bouncer.logfile);
    say(
      `event-store contract (+ DATABASE_SESSION_URL) and read-model contract through PgBouncer (transaction mode): ${contractOk ? 'PASSED' : 'FAILED'}`,
    );
    return handoverOk && contractOk;
  } catch (error) {
    // A node that exited by itself is the cause; nginx's refusals and failed fetches follow from it.
    if (exits.length > 0)
      (error as Error).message = `${exits.join('; ')}; then: ${(error as Error).message}`;
    for (const started of logged)
      process.stderr.write(`--- ${started.name} log ---\n${started.log()}\n`);
    nodes.forEach((node, i) =>
      process.stderr.write(`--- node ${i + 1} output ---\n${node.output().slice(-3000)}\n`),
    );
    throw error;
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
    removeScratch();
  }
}

/**
 * What a node's own exit says (it exits when it loses its work lease, docs/postgres.md): nginx
 * would only report its port refusing. Exits by a signal are the check's own kills.
 */
const exits: string[] = [];
function watched(node: ServerProcess, index: number): ServerProcess {
  node.child.once('exit', (code) => {
    if (code === null) return;
    const fatal = node
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":60'))
      .map((line) => /"msg":"([^"]*)"/.exec(line)?.[1] ?? line);
    exits.push(
      `node ${index} exited (${code}) after reporting ready: ${fatal.join(' / ') || 'no fatal log line'}`,
    );
  });
  return node;
}

/** What PgBouncer saw go wrong, the last 40 such lines, next to the contract's failures. */
function reportPooler(logfile: string): void {
  const lines = existsSync(logfile) ? poolerTrouble(readFileSync(logfile, 'utf8')) : [];
  process.stderr.write(`--- pgbouncer: ${lines.length} warnings / unrequested closes ---\n`);
  process.stderr.write(`${lines.slice(-40).join('\n')}\n`);
}

/**
 * Jest runs asynchronously: PgBouncer, nginx and the nodes write to pipes this process drains
 * on its event loop. Blocked in spawnSync, it drained none, and once PgBouncer's stderr held
 * some 200 KB of log lines PgBouncer (one thread) hung in write(2): every client through it,
 * the tests' and the surviving node's lease statements, timed out, and jest hung.
 */
function runContract(direct: string, pooled: string): Promise<boolean> {
  const admin = (url: string) => Object.assign(new URL(url), { pathname: '/postgres' }).toString();
  const jest = spawn(
    'nice',
    ['-n', '19', join(ROOT, 'node_modules/.bin/jest'), '-c', 'test/deploy/jest.config.js'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, DEPLOY_DIRECT_URL: admin(direct), DEPLOY_POOLED_URL: admin(pooled) },
    },
  );
  return new Promise((resolve) => {
    jest.once('error', () => resolve(false));
    jest.once('exit', (code) => resolve(code === 0));
  });
}

main().then(
  (ok) => {
    say(ok ? 'OK' : 'FAILED');
    process.exit(ok ? 0 : 1);
  },
  (error: unknown) => {
    // The message names what failed; the stack only where it failed, for DEBUG=1.
    const failure = error as Error;
    process.stderr.write(`check:deploy FAILED: ${failure.message ?? String(error)}\n`);
    if (process.env.DEBUG) process.stderr.write(`${failure.stack}\n`);
    process.exit(1);
  },
);
