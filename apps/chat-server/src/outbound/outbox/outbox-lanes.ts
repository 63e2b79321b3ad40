import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { errorText, type PartError, type PartStatus } from '@pagedesk/processing';
import { failureReason } from '@pagedesk/shared';
import { OutboxDelivery } from './outbox-delivery';

interface Lane {
  /** New work arrived while the lane was busy: look again before stopping. */
  again: boolean;
  readonly done: Promise<void>;
}

const FAULT_PAUSE_MS = 1_000;

/**
 * One lane per conversation, all running at once: a customer whose message
 * waits for a retry holds back only their own later messages, never another
 * customer's. A lane lives while its conversation has pending messages and is
 * started again by the next request (or, after a restart, by the index).
 */
@Injectable()
export class OutboxLanes {
  private readonly logger = new Logger(OutboxLanes.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly shutdown = new AbortController();
  /** Lanes pausing after a store or programming fault: /ready says "retrying" while there are any. */
  private readonly faulted = new Set<string>();
  private lastError: PartError | null = null;
  private started = false;

  constructor(private readonly delivery: OutboxDelivery) {}

  /** Where the work lease is held (or there is one node): until then kicks are ignored, a standby sends nothing. */
  start(): void {
    this.started = true;
  }

  kick(conversationId: string): void {
    if (!this.started || this.shutdown.signal.aborted) return;
    const running = this.lanes.get(conversationId);
    if (running) {
      running.again = true;
      return;
    }
    const lane: { again: boolean; done?: Promise<void> } = { again: false };
    lane.done = this.run(conversationId, lane);
    this.lanes.set(conversationId, lane as Lane);
  }

  /** Conversations with a lane running: those with messages still to deliver (docs/memory.md). */
  get size(): number {
    return this.lanes.size;
  }

  /** Resolves when no lane is running (tests and benchmarks wait for the outbox to empty). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()].map((l) => l.done));
  }

  async stop(): Promise<void> {
    this.shutdown.abort();
    await this.idle();
  }

  status(): PartStatus {
    return {
      name: 'outbox-lanes',
      kind: 'outbox',
      state: this.shutdown.signal.aborted
        ? 'stopped'
        : this.faulted.size > 0
          ? 'retrying'
          : 'running',
      position: null,
      lag: null,
      lastError: this.lastError,
    };
  }

  private async run(conversationId: string, lane: { again: boolean }): Promise<void> {
    const { signal } = this.shutdown;
    // Let kick() register the lane before the first await can finish.
    await Promise.resolve();
    try {
      do {
        lane.again = false;
        try {
          await this.delivery.drain(conversationId, signal);
          this.faulted.delete(conversationId);
        } catch (error) {
          if (signal.aborted) return;
          this.faulted.add(conversationId);
          this.lastError = {
            message: errorText(error),
            reason: failureReason(error),
            at: new Date().toISOString(),
            eventId: null,
          };
          // A store or programming fault, not Facebook's answer: keep the lane, try again shortly.
          this.logger.error({ conversationId, err: error }, 'outbox lane failed; retrying');
          lane.again = true;
          await sleep(FAULT_PAUSE_MS, undefined, { signal }).catch(() => undefined);
        }
      } while (lane.again && !signal.aborted);
    } finally {
      this.faulted.delete(conversationId);
      this.lanes.delete(conversationId);
    }
  }
}
