import { Pool } from 'pg';
import type { Checkpoints } from './checkpoint-store';

const RETRY_MS = 1_000;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Reactor checkpoints beside the PostgreSQL event store, so a node that
 * replaces a lost one resumes the reactors where they were instead of
 * re-running their side effects from the start of the log.
 *
 * The Checkpoints interface is synchronous (a reactor reads its checkpoint
 * when it starts, and sets it from its handler path), so this store reads
 * every checkpoint once when it opens and writes behind: set() updates
 * memory and the newest value per name reaches the database shortly after,
 * one write at a time. A checkpoint that does not make it before a crash
 * only means a few handled events are seen again, which reactors absorb
 * (their handlers are idempotent). Failed writes are retried, never dropped.
 *
 * Projections keep their checkpoint in the read-model database, inside the
 * same transaction as the rows it vouches for.
 */
export class PostgresCheckpointStore implements Checkpoints {
  private readonly positions = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private writing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastError: unknown;

  private constructor(
    private readonly pool: Pool,
    private readonly onWriteError: (error: unknown) => void,
  ) {}

  static async open(
    url: string,
    onWriteError: (error: unknown) => void = () => undefined,
  ): Promise<PostgresCheckpointStore> {
    const pool = new Pool({
      connectionString: url,
      max: 1,
      application_name: 'pagedesk',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    pool.on('error', onWriteError);
    try {
      await pool.query(
        'CREATE TABLE IF NOT EXISTS checkpoints (name text PRIMARY KEY, position bigint NOT NULL)',
      );
      const store = new PostgresCheckpointStore(pool, onWriteError);
      const { rows } = await pool.query<{ name: string; position: string }>(
        'SELECT name, position FROM checkpoints',
      );
      for (const row of rows) store.positions.set(row.name, Number(row.position));
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Reads every checkpoint again, for a node that takes the reactors over
   * from another (docs/postgres.md, "Several nodes"): what it loaded at start
   * is as old as its start. Names with a write still pending keep theirs.
   */
  async reload(): Promise<void> {
    await this.flush();
    const { rows } = await this.pool.query<{ name: string; position: string }>(
      'SELECT name, position FROM checkpoints',
    );
    this.positions.clear();
    for (const row of rows)
      if (!this.dirty.has(row.name)) this.positions.set(row.name, Number(row.position));
  }

  get(name: string): number | undefined {
    return this.positions.get(name);
  }

  set(name: string, position: number): void {
    this.positions.set(name, position);
    this.markDirty(name);
  }

  reset(name: string): void {
    this.positions.delete(name);
    this.markDirty(name);
  }

  /** Resolves once everything set so far is in the database; rejects with the write's error. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.writing) {
        await this.writing;
        if (this.lastError && this.dirty.size > 0) throw this.lastError;
        continue;
      }
      if (this.dirty.size === 0) return;
      this.writing = this.write();
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.flush().catch(() => undefined);
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private markDirty(name: string): void {
    this.dirty.add(name);
    if (!this.writing && !this.retryTimer && !this.closed) this.writing = this.write();
  }

  /** Never rejects: a failure keeps the names dirty and retries on a timer. */
  private async write(): Promise<void> {
    const names = [...this.dirty];
    this.dirty.clear();
    try {
      for (const name of names) {
        const position = this.positions.get(name);
        if (position === undefined)
          await this.pool.query('DELETE FROM checkpoints WHERE name = $1', [name]);
        else
          await this.pool.query(
            'INSERT INTO checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
            [name, position],
          );
      }
      this.lastError = undefined;
    } catch (error) {
      for (const name of names) this.dirty.add(name);
      this.lastError = error;
      this.onWriteError(error);
    }
    this.writing = undefined;
    if (this.closed || this.dirty.size === 0) return;
    if (this.lastError) this.retryTimer ??= setTimeout(() => this.retry(), RETRY_MS);
    else this.writing = this.write();
  }

  private retry(): void {
    this.retryTimer = undefined;
    if (this.dirty.size > 0 && !this.writing) this.writing = this.write();
  }
}
