import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { PolledLease } from './polled-lease';

const TTL = `now() + make_interval(secs => $3::double precision / 1000)`;

/**
 * Taken when the row is free, expired, or already this node's (a new
 * tenure, so a new token). Competing nodes serialise on the row: the one
 * that waited re-reads the winner's row and finds it live. Not taken, it
 * also says how long the row has left by the database's clock (`left_ms`;
 * read from the statement's snapshot, so at worst earlier than the truth,
 * which only brings the next attempt forward).
 */
const ACQUIRE = `
WITH taken AS (
  INSERT INTO cluster_leases AS l (name, holder, fencing_token, expires_at)
  VALUES ($1, $2, 1, ${TTL})
  ON CONFLICT (name) DO UPDATE
     SET holder = excluded.holder, fencing_token = l.fencing_token + 1, expires_at = excluded.expires_at
   WHERE l.holder IS NULL OR l.expires_at <= now() OR l.holder = excluded.holder
  RETURNING fencing_token)
SELECT (SELECT fencing_token FROM taken) AS fencing_token,
       (SELECT ceil(extract(epoch FROM expires_at - now()) * 1000)::float8
          FROM cluster_leases WHERE name = $1) AS left_ms`;

/** The soonest a contender asks again, so a row about to expire is not asked about in a tight loop. */
const MIN_RETRY_MS = 20;

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
export class RowLease extends PolledLease {
  private readonly holder = randomUUID();
  /** Another node's row expires in this many ms (its TTL left when last asked); unknown: undefined. */
  private othersLeftMs: number | undefined;

  async stop(): Promise<void> {
    this.halt();
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

  protected async step(): Promise<void> {
    this.overdue();
    const renewing = this.holding;
    try {
      const client = await this.connection();
      // After connecting: the tenure counts from the statement, not from a slow connect.
      const sentAt = this.clock();
      const { rows } = renewing
        ? await client.query<{ fencing_token: string | null; left_ms?: number | null }>(RENEW, [
            this.lease.name,
            this.holder,
            this.timing.ttlMs,
            this.current,
          ])
        : await client.query<{ fencing_token: string | null; left_ms: number | null }>(ACQUIRE, [
            this.lease.name,
            this.holder,
            this.timing.ttlMs,
          ]);
      // A renewal that comes back after the tenure ended locally does not revive it.
      if (renewing !== this.holding) return;
      const row = rows[0];
      this.othersLeftMs = row?.left_ms ?? undefined;
      if (!row?.fencing_token) {
        if (renewing) this.setHeld(false);
        return;
      }
      this.extend(sentAt);
      this.current = BigInt(row.fencing_token);
      this.setHeld(true);
    } catch (error) {
      // The row may still be ours: renew on a new connection until the local deadline.
      this.drop();
      if (!this.stopped) this.events.trouble(error);
    }
  }

  /**
   * A contender asks again the moment the holder's row expires rather than at its next
   * `renewMs`: a dead holder is then replaced a TTL after its last renewal, not up to one
   * renewal interval later. The delay is a duration on the database's clock, so no two node
   * clocks are compared; the acquire itself still decides on `now()`.
   */
  protected override nextStepInMs(): number {
    const left = this.othersLeftMs;
    if (this.holding || left === undefined) return this.timing.renewMs;
    return Math.min(this.timing.renewMs, Math.max(MIN_RETRY_MS, left + 1));
  }

  /** Past the local deadline: no longer the holder, whatever the row says. */
  protected overdue(): void {
    if (this.holding && !this.tenure.live) this.setHeld(false);
  }

  protected broken(client: Client): void {
    if (client === this.client) this.drop();
  }
}
