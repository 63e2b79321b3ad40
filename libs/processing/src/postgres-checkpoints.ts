import type { Checkpoints } from './checkpoint-store';

export type ClosableCheckpoints = Checkpoints & { close(): Promise<void> };

/**
 * Reactors' checkpoints in PostgreSQL, its module required only when asked:
 * a server on SQLite never loads the pg client (start-up, in each thread).
 */
export async function openPostgresCheckpoints(
  url: string,
  onWriteError: (error: unknown) => void,
): Promise<ClosableCheckpoints> {
  const { PostgresCheckpointStore } = await import('./postgres-checkpoint-store');
  return PostgresCheckpointStore.open(url, onWriteError);
}
