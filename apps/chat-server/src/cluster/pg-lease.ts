import type { Client } from 'pg';
import { LEASE_CLASS } from './lease';
import { PolledLease } from './polled-lease';

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
export class PgLease extends PolledLease {
  /** Ends the connection, which releases the lock for the next node at once. */
  async stop(): Promise<void> {
    this.halt();
    // Not reported as lost: the owner of the work is the one stopping it.
    this.holding = false;
    this.tenure.end();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  protected async step(): Promise<void> {
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
  }

  protected overdue(): void {
    this.lost(new Error('lease check overdue'));
  }

  protected broken(client: Client, error: unknown): void {
    this.lost(error, client);
  }

  /** Whatever happened to the connection, the lock may be someone else's now. */
  private lost(error: unknown, client = this.client): void {
    if (client !== this.client) return;
    this.drop();
    this.setHeld(false);
    if (!this.stopped) this.events.trouble(error);
  }
}
