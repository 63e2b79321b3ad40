import { Logger } from '@nestjs/common';
import { blobRetention } from '@pagedesk/outbound';
import { errorText, type PartError, type PartStatus } from '@pagedesk/processing';
import { failureReason } from '@pagedesk/shared';
import type { BlobStore } from './blob-store';
import type { BlobUses } from './blob-uses';

/** Blobs judged per round: a backlog is worked off over several rounds, never in one long stall. */
const BATCH = 200;

export interface BlobSweeperOptions {
  readonly retentionMs: number;
  readonly intervalMs: number;
  /** The sweep's clock (tests give their own); the messages' times come from their events. */
  readonly now?: () => number;
}

/**
 * Deletes the bytes of uploads past their retention (blobRetention, libs/outbound), one round per
 * interval. A round that fails (the disk, the index) is reported on /ready as `retrying` and done
 * again at the next interval; nothing is lost by waiting, since a blob is only ever deleted late.
 */
export class BlobSweeper {
  private readonly logger = new Logger(BlobSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private lastError: PartError | null = null;
  private stopped = true;
  private readonly now: () => number;

  constructor(
    private readonly uses: BlobUses,
    private readonly blobs: BlobStore,
    private readonly options: BlobSweeperOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  status(): PartStatus {
    return {
      name: 'blob-retention',
      kind: 'scheduler',
      state: this.stopped ? 'stopped' : this.lastError ? 'retrying' : 'running',
      position: null,
      lag: null,
      lastError: this.lastError,
    };
  }

  /** One round: every blob old enough to judge, judged and deleted if its retention has passed. */
  async sweep(): Promise<number> {
    const now = this.now();
    let deleted = 0;
    for (const blob of this.uses.settledBefore(now - this.options.retentionMs, BATCH)) {
      const writtenAt = await this.blobs.writtenAt(blob);
      if (writtenAt !== null) {
        const verdict = blobRetention(this.uses.of(blob), writtenAt, now, this.options.retentionMs);
        if (!verdict.delete) continue;
        await this.blobs.delete(blob);
        deleted++;
      }
      this.uses.markDeleted(blob, now);
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} uploaded file(s) past their retention`);
    return deleted;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.sweep().then(
        () => {
          this.lastError = null;
        },
        (error: unknown) => {
          this.lastError = {
            message: errorText(error),
            reason: failureReason(error),
            at: new Date().toISOString(),
            eventId: null,
          };
          this.logger.warn(`blob retention round failed, retrying: ${errorText(error)}`);
        },
      );
      void this.round.then(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
