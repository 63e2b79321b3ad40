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

/**
 * What both leases share: a connection of their own, a renewal (or an
 * attempt to acquire) every `renewMs`, one at a time, and a local deadline
 * with a timer that reports it once no renewal moved it. How a lease is
 * taken, kept and given up, and what a broken connection means, is the
 * subclass's (pg-lease.ts, row-lease.ts).
 */
export abstract class PolledLease implements Lease {
  protected client: Client | undefined;
  protected stopped = false;
  protected holding = false;
  protected current: bigint | undefined;
  protected readonly tenure: Tenure;
  protected events: LeaseEvents = { changed: () => undefined, trouble: () => undefined };
  /** The renewal in flight, so a clean stop can wait for it. */
  protected running: Promise<void> = Promise.resolve();
  private schemaReady = false;
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    protected readonly url: string,
    protected readonly lease: LeaseId,
    protected readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
    protected readonly clock: MonotonicClock = monotonic,
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

  abstract stop(): Promise<void>;

  /** One renewal, or one attempt to take the lease; reports its own failures. */
  protected abstract step(): Promise<void>;

  /** The local deadline passed and no renewal moved it. */
  protected abstract overdue(): void;

  /** The connection failed between statements. */
  protected abstract broken(client: Client, error: unknown): void;

  /** No renewal and no deadline timer any more; what is in flight may still finish. */
  protected halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
  }

  /** A renewal sent at `sentAt` succeeded: the deadline moves, and its timer with it. */
  protected extend(sentAt: number): void {
    this.tenure.extend(sentAt);
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      if (this.holding && !this.tenure.live) this.overdue();
    }, this.tenure.left + 1);
  }

  protected async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // A statement that hangs past the TTL can no longer help the holder.
      query_timeout: this.timing.ttlMs,
      keepAlive: true,
      application_name: 'pagedesk-lease',
    });
    client.on('error', (error) => this.broken(client, error));
    this.client = client;
    await client.connect();
    if (!this.schemaReady) {
      await client.query(LEASE_SCHEMA);
      this.schemaReady = true;
    }
    return client;
  }

  /** Forgets the connection and ends it; the next renewal opens a new one. */
  protected drop(): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
  }

  protected setHeld(held: boolean): void {
    if (!held) this.tenure.end();
    if (this.holding === held) return;
    this.holding = held;
    if (!this.stopped) this.events.changed(held);
  }

  /** How long until the next renewal or attempt: every `renewMs`, unless the subclass knows better. */
  protected nextStepInMs(): number {
    return this.timing.renewMs;
  }

  private async tick(): Promise<void> {
    this.running = this.step();
    await this.running;
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.nextStepInMs());
  }
}
