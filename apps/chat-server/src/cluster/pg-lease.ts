import { Client } from 'pg';
import {
  DEFAULT_LEASE_TIMING,
  LEASE_CLASS,
  LEASE_SCHEMA,
  monotonic,
  Tenure,
  type Lease,
  type LeaseEvents,
  type LeaseId,
  type LeaseTiming,
  type MonotonicClock,
} from './lease';

const CONNECT_TIMEOUT_MS = 2_000;

/** The token comes from a sequence, drawn only by the session that just got the lock. */
const ACQUIRE = `SELECT CASE WHEN pg_try_advisory_lock($1, $2) THEN nextval('cluster_lease_tokens') END AS token`;

/**
 * Exclusive work on one PostgreSQL database, held as a session advisory lock
 * on a connection of its own (`CLUSTER_LEASE=advisory`, the default;
 * docs/postgres.md, "Lease"). PostgreSQL drops the lock the moment that
 * connection ends, which is what happens when the holder's process dies: a
 * standby asking every `renewMs` takes over within about that long. The
 * holder checks its connection as often, and gives the work up as soon as a
 * check fails, or when none has succeeded by its local deadline (a hung
 * connection, a paused process): it then ends the connection too, as
 * another node may get the lock once PostgreSQL notices.
 */
export class PgLease implements Lease {
  private client: Client | undefined;
  private schemaReady = false;
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private stopped = false;
  private holding = false;
  private current: bigint | undefined;
  private readonly tenure: Tenure;
  private events: LeaseEvents = { changed: () => undefined, trouble: () => undefined };

  constructor(
    private readonly url: string,
    private readonly lease: LeaseId,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
    private readonly clock: MonotonicClock = monotonic,
  ) {
    this.tenure = new Tenure(timing, clock);
  }

  get held(): boolean {
    return this.holding && this.tenure.live;
  }

  get token(): bigint | undefined {
    return this.held ? this.current : undefined;
  }

  start(events: LeaseEvents): void {
    this.events = events;
    this.stopped = false;
    void this.tick();
  }

  /** Ends the connection, which releases the lock for the next node at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    // Not reported as lost: the owner of the work is the one stopping it.
    this.holding = false;
    this.tenure.end();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    try {
      const client = await this.connection();
      // After connecting: the tenure counts from the statement, not from a slow connect.
      const sentAt = this.clock();
      if (this.holding) {
        await client.query('SELECT 1');
        if (client === this.client) this.extend(sentAt);
      } else {
        const { rows } = await client.query<{ token: string | null }>(ACQUIRE, [
          LEASE_CLASS,
          this.lease.key,
        ]);
        const token = rows[0]?.token;
        if (!this.stopped && token && client === this.client) {
          this.current = BigInt(token);
          this.extend(sentAt);
          this.setHeld(true);
        }
      }
    } catch (error) {
      this.lost(error);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.timing.renewMs);
  }

  private extend(sentAt: number): void {
    this.tenure.extend(sentAt);
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      if (this.holding && !this.tenure.live) this.lost(new Error('lease check overdue'));
    }, this.tenure.left + 1);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // A check that hangs past the TTL can no longer help the holder.
      query_timeout: this.timing.ttlMs,
      keepAlive: true,
      application_name: 'pagedesk-lease',
    });
    client.on('error', (error) => this.lost(error, client));
    this.client = client;
    await client.connect();
    if (!this.schemaReady) {
      await client.query(LEASE_SCHEMA);
      this.schemaReady = true;
    }
    return client;
  }

  /** Whatever happened to the connection, the lock may be someone else's now. */
  private lost(error: unknown, client = this.client): void {
    if (client !== this.client) return;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    this.setHeld(false);
    if (!this.stopped) this.events.trouble(error);
  }

  private setHeld(held: boolean): void {
    if (!held) this.tenure.end();
    if (this.holding === held) return;
    this.holding = held;
    this.events.changed(held);
  }
}
