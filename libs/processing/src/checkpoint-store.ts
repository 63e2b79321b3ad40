import type Database from 'better-sqlite3';

/** Where each subscriber (reactor or projection) remembers the last global position it finished. */
export class CheckpointStore {
  private readonly read: Database.Statement<[string], { position: number }>;
  private readonly write: Database.Statement<[string, number]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(readonly db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)',
    );
    this.read = db.prepare('SELECT position FROM checkpoints WHERE name = ?');
    this.write = db.prepare(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.remove = db.prepare('DELETE FROM checkpoints WHERE name = ?');
  }

  get(name: string): number | undefined {
    return this.read.get(name)?.position;
  }

  /** Call inside the same transaction as the read-model change it vouches for. */
  set(name: string, position: number): void {
    this.write.run(name, position);
  }

  reset(name: string): void {
    this.remove.run(name);
  }
}
