import { Client } from 'pg';

/**
 * A reactor's checkpoint as the nodes share it in PostgreSQL; Infinity when it
 * keeps none there (it cannot hold back what a new work-lease holder replays).
 */
export async function sharedCheckpoint(url: string, name: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ position: string }>(
      'SELECT position FROM checkpoints WHERE name = $1',
      [name],
    );
    return rows[0] ? Number(rows[0].position) : Infinity;
  } finally {
    await client.end();
  }
}
