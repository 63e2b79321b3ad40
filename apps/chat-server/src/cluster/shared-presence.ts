import { Pool } from 'pg';

/** Who is connected on one node: agents not listed there are not connected there. */
export interface NodePresence {
  readonly tenantId: string;
  readonly ready: boolean;
  readonly availableSince: number;
}

/** What a node writes for one of its agents: connected (and how), or gone since a moment of its clock. */
type Written = NodePresence | { readonly leftAt: number };

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
  PRIMARY KEY (agent_id, node_id));
ALTER TABLE agent_presence ADD COLUMN IF NOT EXISTS disconnected_at bigint;`;

export interface PresenceEvents {
  /** Every agent connected on another live node, each time the poll finds a difference. */
  readonly elsewhere: (agents: ReadonlyMap<string, NodePresence>) => void;
  readonly trouble: (error: unknown) => void;
}

/**
 * Presence shared through PostgreSQL, so that the node holding the routing
 * lease routes agents connected to any node. Each node writes its own
 * agents' rows (one per agent and node) and a heartbeat; every node reads
 * the others' rows of live nodes twice a second. A node that dies stops its
 * heartbeat, and after NODE_TTL_SECONDS its agents count as disconnected, so
 * their grace period starts on the routing owner. A disconnect keeps the row
 * with the moment it happened (`disconnected_at`), so whichever node owns the
 * routing later ends the grace period at the deadline it started with; for
 * the agents of a dead node that moment is its last heartbeat. Writes are
 * queued per agent and retried: the newest state of each agent is what
 * reaches the table.
 */
export class SharedPresence {
  private readonly pool: Pool;
  private readonly pending = new Map<string, Written>();
  private away: ReadonlyMap<string, number> = new Map();
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

  /** This node's view of one agent; null once their last socket here closed (now, by this node's clock). */
  publish(agentId: string, presence: NodePresence | null): void {
    this.pending.set(agentId, presence ?? { leftAt: Date.now() });
    void this.flush();
  }

  /** Since when (epoch ms) the agent has been connected nowhere, as of the last poll; undefined: connected, or never seen. */
  awaySince(agentId: string): number | undefined {
    return this.away.get(agentId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    // A clean stop hands this node's agents over at once instead of after the TTL (a heartbeat
    // aged past it), keeping when they left for their grace periods; the rows go with dead nodes.
    await this.pool
      .query(
        `UPDATE agent_presence SET disconnected_at = $2
          WHERE node_id = $1 AND disconnected_at IS NULL`,
        [this.nodeId, Date.now()],
      )
      .catch(() => undefined);
    await this.pool
      .query(
        `UPDATE cluster_nodes SET seen_at = now() - make_interval(secs => $2) WHERE node_id = $1`,
        [this.nodeId, NODE_TTL_SECONDS + 1],
      )
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
        const [agentId, presence] = this.pending.entries().next().value as [string, Written];
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

  private async write(agentId: string, presence: Written): Promise<void> {
    if ('leftAt' in presence) {
      await this.pool.query(
        `UPDATE agent_presence SET disconnected_at = $3, ready = false
          WHERE agent_id = $1 AND node_id = $2`,
        [agentId, this.nodeId, presence.leftAt],
      );
      return;
    }
    await this.pool.query(
      `INSERT INTO agent_presence (agent_id, node_id, tenant_id, ready, available_since)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (agent_id, node_id) DO UPDATE
         SET tenant_id = excluded.tenant_id, ready = excluded.ready,
             available_since = excluded.available_since, disconnected_at = NULL`,
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
          WHERE p.node_id <> $1 AND p.disconnected_at IS NULL
            AND n.seen_at > now() - make_interval(secs => $2)
          GROUP BY p.agent_id, p.tenant_id ORDER BY p.agent_id`,
        [this.nodeId, NODE_TTL_SECONDS],
      );
      const away = await this.pool.query<{ agent_id: string; away_since: string }>(
        `SELECT p.agent_id,
                max(coalesce(p.disconnected_at, (extract(epoch FROM n.seen_at) * 1000)::bigint))
                  AS away_since
           FROM agent_presence p JOIN cluster_nodes n USING (node_id)
          GROUP BY p.agent_id
         HAVING NOT bool_or(p.disconnected_at IS NULL
                            AND n.seen_at > now() - make_interval(secs => $1))`,
        [NODE_TTL_SECONDS],
      );
      // Before the connected ones are told: an agent who just vanished has their moment here.
      this.away = new Map(away.rows.map((r) => [r.agent_id, Number(r.away_since)]));
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
