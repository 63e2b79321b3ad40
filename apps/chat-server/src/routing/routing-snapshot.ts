import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Something folded from the feed that is saved with it, under its name. */
export interface SnapshotPart {
  readonly snapshotName: string;
  snapshot(): unknown;
  restore(saved: unknown): void;
}

/** What the file holds: every part's state as of one log position, of one log. */
export interface RoutingSnapshot {
  readonly version: typeof VERSION;
  readonly position: number;
  /** The log's first event: a snapshot of another log (a store replaced under the same DATA_DIR) is not used. */
  readonly firstEventId: string;
  readonly parts: Readonly<Record<string, unknown>>;
}

const VERSION = 1;

/**
 * The routing state written beside the read models, so a restart restores it
 * and folds only the events after it: start-up follows live work, not
 * history. Written to a temporary file, flushed and renamed, so a crash
 * leaves the previous snapshot or the new one, never half of one. It is a
 * cache of the log: a missing, unreadable or foreign one means a full fold.
 */
export class RoutingSnapshotFile {
  constructor(private readonly file: string) {}

  load(firstEventId: string | undefined): RoutingSnapshot | undefined {
    let saved: RoutingSnapshot;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as RoutingSnapshot;
    } catch {
      return undefined;
    }
    if (saved?.version !== VERSION || saved.firstEventId !== firstEventId) return undefined;
    if (!Number.isSafeInteger(saved.position) || typeof saved.parts !== 'object') return undefined;
    return saved;
  }

  save(snapshot: Omit<RoutingSnapshot, 'version'>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify({ version: VERSION, ...snapshot }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
  }
}
