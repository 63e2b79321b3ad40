import { Client } from 'pg';
import { connectionConfig } from './connection';
import { COMMIT_CHANNEL } from './schema';

const RETRY_MS = 1_000;

/**
 * One connection that LISTENs for the commits of every process on the
 * database. If it drops, it is re-established a second later (again and
 * again); subscriptions poll meanwhile, so a lost notification only delays.
 */
export class CommitListener {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onCommit: () => void,
    private readonly onLost: (error: unknown) => void,
  ) {}

  /** Rejects when the first connection fails; later ones are retried in the background. */
  async start(): Promise<void> {
    const client = new Client(connectionConfig(this.url));
    const lost = (error: unknown) => {
      if (this.client !== client || this.closed) return;
      this.client = undefined;
      this.onLost(error);
      void client.end().catch(() => undefined);
      this.timer = setTimeout(() => void this.start().catch(() => undefined), RETRY_MS);
    };
    this.client = client;
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', () => this.onCommit());
    try {
      await client.connect();
      await client.query(`LISTEN ${COMMIT_CHANNEL}`);
    } catch (error) {
      lost(error);
      throw error;
    }
    // Commits made while no connection listened: wake everyone to look.
    this.onCommit();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
