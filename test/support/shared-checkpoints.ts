import { withClient } from './postgres/client';

/**
 * A reactor's checkpoint as the nodes share it in PostgreSQL; Infinity when it
 * keeps none there (it cannot hold back what a new work-lease holder replays).
 */
export async function sharedCheckpoint(url: string, name: string): Promise<number> {
  const { rows } = await withClient(url, (client) =>
    client.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1', [name]),
  );
  return rows[0] ? Number(rows[0].position) : Infinity;
}
