import { createServer, type Server } from 'node:http';
import { authEnv, type JsonBody } from '../../test/support/auth';
import { messengerConfig } from '../../test/support/messenger/webhooks';
import { startServerProcess, type ServerProcess } from '../../test/support/server-process';
import { scratch } from './processes';

export const METRICS_TOKEN = 'deploy-check-metrics-token-0123456789';
export type LeaseName = 'routing-lease' | 'work-lease';

export interface NodeUrls {
  readonly pooled: string;
  readonly direct: string;
  readonly graph: string;
}

/** What a node of the check is started with (a compose spec compares the names with docker-compose.yml). */
export function nodeEnv(port: number, urls: NodeUrls, dataDir: string): Record<string, string> {
  return authEnv({
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: urls.pooled,
    DATABASE_SESSION_URL: urls.direct,
    // The lease a transaction-mode pooler needs, at its default timing: what ships is what is checked.
    CLUSTER_LEASE: 'row',
    TRUST_PROXY: '1',
    METRICS_TOKEN,
    MESSENGER_CONFIG: messengerConfig(),
    MESSENGER_GRAPH_API_URL: urls.graph,
  });
}

/** One chat-server node from dist/, configured as behind a transaction-mode pooler. */
export function startNode(port: number, urls: NodeUrls): Promise<ServerProcess> {
  process.env.TEST_SERVER = 'dist';
  return startServerProcess(nodeEnv(port, urls, scratch('node')), 120_000);
}

/** The lease states a node's /ready gives (`running` where held, `standby` elsewhere); {} when it does not answer. */
export async function leases(nodeUrl: string): Promise<Partial<Record<LeaseName, string>>> {
  try {
    const body = (await (await fetch(`${nodeUrl}/ready`)).json()) as JsonBody;
    const parts = body.details.background.parts as { name: string; state: string }[];
    return Object.fromEntries(
      parts.filter((p) => p.name.endsWith('-lease')).map((p) => [p.name, p.state]),
    );
  } catch {
    return {};
  }
}

/** Polls /ready until both leases run on the node; returns when, or throws at the deadline. */
export async function leasesRunOn(nodeUrl: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await leases(nodeUrl);
    if (states['routing-lease'] === 'running' && states['work-lease'] === 'running')
      return Date.now();
    if (Date.now() > deadline)
      throw new Error(
        `leases not running on ${nodeUrl} after ${timeoutMs} ms: ${JSON.stringify(states)}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Agent sockets a node holds, from its /metrics. */
export async function agentSockets(nodeUrl: string): Promise<number> {
  const response = await fetch(`${nodeUrl}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  const line = /^pagedesk_sockets_connected\{namespace="\/agent"\} (\d+)$/m.exec(text);
  if (!line) throw new Error(`no agent socket gauge in ${nodeUrl}/metrics`);
  return Number(line[1]);
}

/**
 * Which of the two ports nginx's ip_hash sends this machine's requests to:
 * asked before the nodes start, with one stand-in answering on each port,
 * so the node that gets this client can be started first and hold the leases.
 */
export async function pickedPort(balancer: string, ports: readonly number[]): Promise<number> {
  const standIns: Server[] = [];
  for (const port of ports) {
    const server = createServer((_req, res) => res.end(String(port)));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    standIns.push(server);
  }
  try {
    return Number(await (await fetch(`${balancer}/`)).text());
  } finally {
    for (const server of standIns) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}
