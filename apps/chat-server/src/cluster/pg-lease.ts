import { Client } from 'pg';

/** Advisory lock keys of the cluster, beside the event store's (class 'pd' = 0x7064, keys 1 and 2 taken). */
export const LEASE_CLASS = 0x7064;
export const ROUTING_LEASE = 10;
export const PROCESSING_LEASE = 11;

/** How often a standby asks for the lock, and how often the holder checks it still has its connection. */
const TRY_MS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;

export interface LeaseEvents {
  readonly changed: (held: boolean) => void;
  readonly trouble: (error: unknown) => void;
}

/**
 * Exclusive work on one PostgreSQL database, held as a session advisory lock
 * on a connection of its own (docs/postgres.md, "Several nodes"). PostgreSQL
 * drops the lock the moment that connection ends, which is what happens when
 * the holder's process dies: a standby asking every second takes over within
 * about a second. The holder checks its connection every second too and
 * gives the work up as soon as the connection fails, since another node may
 * then take the lock.
 */
export class PgLease {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private holding = false;
  private events: LeaseEvents = { changed: () => undefined, trouble: () => undefined };

  constructor(
    private readonly url: string,
    private readonly key: number,
  ) {}

  get held(): boolean {
    return this.holding;
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
    // Not reported as lost: the owner of the work is the one stopping it.
    this.holding = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    try {
      const client = await this.connection();
      if (this.holding) {
        await client.query('SELECT 1');
      } else {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS locked',
          [LEASE_CLASS, this.key],
        );
        if (!this.stopped && rows[0]?.locked) this.setHeld(true);
      }
    } catch (error) {
      this.lost(error);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), TRY_MS);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'pagedesk-lease',
    });
    client.on('error', (error) => this.lost(error, client));
    this.client = client;
    await client.connect();
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
    if (this.holding === held) return;
    this.holding = held;
    this.events.changed(held);
  }
}
