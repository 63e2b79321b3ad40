import { performance } from 'node:perf_hooks';

/** Advisory lock keys of the cluster, beside the event store's (class 'pd' = 0x7064, keys 1 and 2 taken). */
export const LEASE_CLASS = 0x7064;

/** The two leases of a cluster (docs/postgres.md, "Several nodes"): their row names and lock keys. */
export const ROUTING_LEASE = { name: 'routing-lease', key: 10 } as const;
export const PROCESSING_LEASE = { name: 'work-lease', key: 11 } as const;
export type LeaseId = typeof ROUTING_LEASE | typeof PROCESSING_LEASE;

export interface LeaseEvents {
  readonly changed: (held: boolean) => void;
  readonly trouble: (error: unknown) => void;
}

/**
 * How often the lease is renewed (or asked for), and how long one renewal
 * counts. A holder whose last successful renewal was *sent* more than
 * `ttlMs - marginMs` ago (monotonic clock) no longer acts as the holder.
 */
export interface LeaseTiming {
  readonly renewMs: number;
  readonly ttlMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { renewMs: 1_000, ttlMs: 5_000 };

/**
 * The lease row's default: its handover after a holder dies is the TTL left since the holder's
 * last renewal (contenders ask again when the row expires, row-lease.ts), so the TTL itself must
 * fit the 5 s failover budget with room; the advisory lock's handover does not depend on it
 * (docs/postgres.md, "Lease").
 */
export const ROW_LEASE_TIMING: LeaseTiming = { renewMs: 1_000, ttlMs: 3_500 };

/**
 * What a node stops acting on before the lease could be anybody else's: it
 * covers clocks running at slightly different rates and the time it takes
 * to stop. A fifth of the TTL: 1 s of the default 5 s.
 */
export const marginMs = (timing: LeaseTiming): number => Math.ceil(timing.ttlMs / 5);

/** Milliseconds from a monotonic source: a wall clock set back or forth must not stretch a lease. */
export type MonotonicClock = () => number;
export const monotonic: MonotonicClock = () => performance.now();

/**
 * Exclusive work on one PostgreSQL database for one node at a time. `held`
 * is the one answer to "may I act now?": it turns false on its own once the
 * local deadline passes, even when no timer could run (a paused event loop).
 * `token` increases every time the lease changes hands (a fencing token).
 */
export interface Lease {
  readonly held: boolean;
  readonly token: bigint | undefined;
  start(events: LeaseEvents): void;
  /** A clean stop: gives the lease up for the next node at once. */
  stop(): Promise<void>;
}

/**
 * The leases' own schema. One simple query is one transaction, so the event
 * store's schema lock (0x7064, 2) is held to its end: two nodes starting at
 * once must not race on CREATE ... IF NOT EXISTS.
 */
export const LEASE_SCHEMA = `
SELECT pg_advisory_xact_lock(${LEASE_CLASS}, 2);
CREATE TABLE IF NOT EXISTS cluster_leases (
  name text PRIMARY KEY, holder text, fencing_token bigint NOT NULL, expires_at timestamptz NOT NULL);
CREATE SEQUENCE IF NOT EXISTS cluster_lease_tokens;`;

/**
 * The local deadline of a tenure: renewals sent at `sentAt` that succeeded
 * extend it to `sentAt + ttl - margin`. PostgreSQL's `now()` in that
 * statement is no earlier than the moment it was sent, so the row (or the
 * session the lock lives on) outlasts this deadline.
 */
export class Tenure {
  private until = -Infinity;

  constructor(
    private readonly timing: LeaseTiming,
    private readonly clock: MonotonicClock,
  ) {}

  get live(): boolean {
    return this.clock() < this.until;
  }

  /** Milliseconds left, at least 0. */
  get left(): number {
    return Math.max(0, this.until - this.clock());
  }

  extend(sentAt: number): void {
    this.until = Math.max(this.until, sentAt + this.timing.ttlMs - marginMs(this.timing));
  }

  end(): void {
    this.until = -Infinity;
  }
}
