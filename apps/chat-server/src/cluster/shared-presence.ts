import { Pool } from 'pg';

/** Who is connected on one node: agents not listed there are not connected there. */
export interface NodePresence {
  readonly tenantId: string;
  readonly ready: boolean;
  readonly availableSince: number;
}

/** A node that has not said it is alive for this long is taken for dead, and its agents for gone. */
export const NODE_TTL_SECONDS = 3;
const HEARTBEAT_MS = 1_000;
const POLL_MS = 500;

const RETRY_MS = 1_000;

/**
 * One simple query is one transaction, so the event store's schema lock
 * (0x7064, 2) is held to its end: two nodes starting at once must not race on
 * CREATE ... IF NOT EXISTS.
 */
const SCHEMA = `
SELECT pg_advisory_xact_lock(${0x7064}, 2);
CREATE TABLE IF NOT EXISTS cluster_nodes (node_id text PRIMARY KEY, seen_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS agent_presence (
  agent_id text NOT NULL, node_id text NOT NULL, tenant_id text NOT NULL,
  ready boolean NOT NULL, available_since bigint NOT NULL,
  PRIMARY KEY (agent_id, node_id));`;

export interface PresenceEvents {
  /** Every agent connected on another live node, each time the poll finds a difference. */
  readonly elsewhere: (agents: ReadonlyMap<string, NodePresence>) => void;
  readonly trouble: (error: unknown) => void;
}

/**
 * Presence shared through PostgreSQL, so that the node holding the routing
 * lease routes agents connected to any node. Each node writes its own
 * agents' rows (one per agent while connected there) and a heartbeat; every
 * node reads the others' rows of live nodes twice a second. A node that dies
 * stops its heartbeat, and after NODE_TTL_SECONDS its agents count as
 * disconnected, so their grace period starts on the routing owner. Writes
 * are queued per agent and retried: the newest state of each agent is what
 * reaches the table.
 */
export class SharedPresence {
  private readonly pool: Pool;
  private readonly pending = new Map<string, NodePresence | null>();
  private writing = false;
  private timers: NodeJS.Timeout[] = [];
  private last = '';
  private stopped = false;

  constructor(
    url: string,
    private readonly nodeId: string,
    private readonly events: PresenceEvents,
  ) {
    this.pool = new Pool({
      connectionString: url,
      max: 2,
      connectionTimeoutMillis: 2_000,
      keepAlive: true,
      application_name: 'pagedesk-presence',
    });
    this.pool.on('error', (error) => this.events.trouble(error));
  }

  /** Never rejects: while the database cannot be reached it tries again every second. */
  async start(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.pool.query(SCHEMA);
        await this.heartbeat();
        break;
      } catch (error) {
        this.events.trouble(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    if (this.stopped) return;
    this.timers = [
      setInterval(
        () => void this.heartbeat().catch((e: unknown) => this.events.trouble(e)),
        HEARTBEAT_MS,
      ),
      setInterval(() => void this.poll(), POLL_MS),
    ];
    await this.poll();
  }

  /** This node's view of one agent; null once their last socket here closed. */
  publish(agentId: string, presence: NodePresence | null): void {
    this.pending.set(agentId, presence);
    void this.flush();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    // A clean stop hands this node's agents over at once instead of after the TTL.
    await this.pool
      .query('DELETE FROM agent_presence WHERE node_id = $1', [this.nodeId])
      .catch(() => undefined);
    await this.pool
      .query('DELETE FROM cluster_nodes WHERE node_id = $1', [this.nodeId])
      .catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  /** Also forgets nodes dead for an hour, so killed nodes do not pile up. */
  private async heartbeat(): Promise<void> {
    await this.pool.query(
      `INSERT INTO cluster_nodes (node_id, seen_at) VALUES ($1, now())
       ON CONFLICT (node_id) DO UPDATE SET seen_at = now()`,
      [this.nodeId],
    );
    await this.pool.query(
      `WITH gone AS (DELETE FROM cluster_nodes WHERE seen_at < now() - interval '1 hour' RETURNING node_id)
       DELETE FROM agent_presence WHERE node_id IN (SELECT node_id FROM gone)`,
    );
  }

  private async flush(): Promise<void> {
    if (this.writing || this.stopped) return;
    this.writing = true;
    try {
      while (this.pending.size > 0) {
        const [agentId, presence] = this.pending.entries().next().value as [
          string,
          NodePresence | null,
        ];
        this.pending.delete(agentId);
        try {
          await this.write(agentId, presence);
        } catch (error) {
          // Retried on the next publish or poll, unless a newer state came meanwhile.
          if (!this.pending.has(agentId)) this.pending.set(agentId, presence);
          this.events.trouble(error);
          return;
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(agentId: string, presence: NodePresence | null): Promise<void> {
    if (presence === null) {
      await this.pool.query('DELETE FROM agent_presence WHERE agent_id = $1 AND node_id = $2', [
        agentId,
        this.nodeId,
      ]);
      return;
    }
    await this.pool.query(
      `INSERT INTO agent_presence (agent_id, node_id, tenant_id, ready, available_since)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (agent_id, node_id) DO UPDATE
         SET tenant_id = excluded.tenant_id, ready = excluded.ready,
             available_since = excluded.available_since`,
      [agentId, this.nodeId, presence.tenantId, presence.ready, presence.availableSince],
    );
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    if (this.pending.size > 0) void this.flush();
    try {
      const { rows } = await this.pool.query<{
        agent_id: string;
        tenant_id: string;
        ready: boolean;
        available_since: string;
      }>(
        `SELECT p.agent_id, p.tenant_id, bool_or(p.ready) AS ready,
                min(p.available_since) AS available_since
           FROM agent_presence p JOIN cluster_nodes n USING (node_id)
          WHERE p.node_id <> $1 AND n.seen_at > now() - make_interval(secs => $2)
          GROUP BY p.agent_id, p.tenant_id ORDER BY p.agent_id`,
        [this.nodeId, NODE_TTL_SECONDS],
      );
      const seen = JSON.stringify(rows);
      if (seen === this.last || this.stopped) return;
      this.last = seen;
      this.events.elsewhere(
        new Map(
          rows.map((r) => [
            r.agent_id,
            { tenantId: r.tenant_id, ready: r.ready, availableSince: Number(r.available_since) },
          ]),
        ),
      );
    } catch (error) {
      this.events.trouble(error);
    }
  }
}
