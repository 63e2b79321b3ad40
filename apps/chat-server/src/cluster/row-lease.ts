import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  DEFAULT_LEASE_TIMING,
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
const TTL = `now() + make_interval(secs => $3::double precision / 1000)`;

/**
 * Taken when the row is free, expired, or already this node's (a new
 * tenure, so a new token). Competing nodes serialise on the row: the one
 * that waited re-reads the winner's row and finds it live.
 */
const ACQUIRE = `
INSERT INTO cluster_leases AS l (name, holder, fencing_token, expires_at)
VALUES ($1, $2, 1, ${TTL})
ON CONFLICT (name) DO UPDATE
   SET holder = excluded.holder, fencing_token = l.fencing_token + 1, expires_at = excluded.expires_at
 WHERE l.holder IS NULL OR l.expires_at <= now() OR l.holder = excluded.holder
RETURNING fencing_token`;

/** Extends this tenure only: same holder, same token, not yet expired by the database's clock. */
const RENEW = `
UPDATE cluster_leases SET expires_at = ${TTL}
 WHERE name = $1 AND holder = $2 AND fencing_token = $4 AND expires_at > now()
RETURNING fencing_token`;

/** Keeps the token in the row, so the next holder's is higher. */
const RELEASE = `
UPDATE cluster_leases SET holder = NULL, expires_at = now()
 WHERE name = $1 AND holder = $2 AND fencing_token = $3`;

/**
 * A lease row with a TTL (`CLUSTER_LEASE=row`, docs/postgres.md, "Lease"):
 * every statement is self-contained and uses the database's clock, so it
 * works through a transaction-mode pooler and no two node clocks are ever
 * compared. The holder renews every `renewMs`; it stops acting as the holder
 * at its local deadline (monotonic clock, counted from when its last good
 * renewal was sent), which comes before the row can expire for anyone else.
 * A failed renewal is retried on a new connection until that deadline: a
 * broken connection alone does not move the lease.
 */
export class RowLease implements Lease {
  private readonly holder = randomUUID();
  private readonly tenure: Tenure;
  private client: Client | undefined;
  private schemaReady = false;
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private holding = false;
  private current: bigint | undefined;
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

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    await this.running;
    const client = this.client;
    this.client = undefined;
    if (this.holding && client) {
      await client
        .query(RELEASE, [this.lease.name, this.holder, this.current])
        .catch(() => undefined);
    }
    // Not reported as lost: the owner of the work is the one stopping it.
    this.holding = false;
    this.tenure.end();
    await client?.end().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    this.running = this.step();
    await this.running;
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.timing.renewMs);
  }

  private async step(): Promise<void> {
    this.expireIfDue();
    const renewing = this.holding;
    try {
      const client = await this.connection();
      // After connecting: the tenure counts from the statement, not from a slow connect.
      const sentAt = this.clock();
      const { rows } = renewing
        ? await client.query<{ fencing_token: string }>(RENEW, [
            this.lease.name,
            this.holder,
            this.timing.ttlMs,
            this.current,
          ])
        : await client.query<{ fencing_token: string }>(ACQUIRE, [
            this.lease.name,
            this.holder,
            this.timing.ttlMs,
          ]);
      // A renewal that comes back after the tenure ended locally does not revive it.
      if (renewing !== this.holding) return;
      const row = rows[0];
      if (!row) {
        if (renewing) this.setHeld(false);
        return;
      }
      this.tenure.extend(sentAt);
      this.current = BigInt(row.fencing_token);
      this.setHeld(true);
      clearTimeout(this.deadline);
      this.deadline = setTimeout(() => this.expireIfDue(), this.tenure.left + 1);
    } catch (error) {
      // The row may still be ours: renew on a new connection until the local deadline.
      this.drop();
      if (!this.stopped) this.events.trouble(error);
    }
  }

  private expireIfDue(): void {
    if (this.holding && !this.tenure.live) this.setHeld(false);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // A statement that hangs past the TTL can no longer help the holder.
      query_timeout: this.timing.ttlMs,
      keepAlive: true,
      application_name: 'pagedesk-lease',
    });
    client.on('error', () => {
      if (client === this.client) this.drop();
    });
    this.client = client;
    await client.connect();
    if (!this.schemaReady) {
      await client.query(LEASE_SCHEMA);
      this.schemaReady = true;
    }
    return client;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
  }

  private setHeld(held: boolean): void {
    if (!held) this.tenure.end();
    if (this.holding === held) return;
    this.holding = held;
    if (!this.stopped) this.events.changed(held);
  }
}
