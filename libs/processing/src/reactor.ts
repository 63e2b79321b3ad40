import type { EventStore, RecordedEvent, Subscription } from '@pagedesk/event-store';
import type { CheckpointStore } from './checkpoint-store';

export interface ReactorLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ReactorOptions {
  readonly name: string;
  /** Events the reactor cares about; others only move its checkpoint. */
  readonly accepts: (event: RecordedEvent) => boolean;
  /** Must be idempotent: after a crash the last events before the checkpoint are seen again. */
  readonly handle: (event: RecordedEvent) => Promise<void>;
  /** Retries for one event before the reactor stops (transient faults: store busy, conflicts). */
  readonly attempts?: number;
}

export interface ReactorStatus {
  readonly name: string;
  readonly position: number | undefined;
  readonly caughtUp: boolean;
  readonly failed:
    { readonly eventId: string; readonly type: string; readonly message: string } | undefined;
}

/**
 * Runs side effects after commit: subscribes to the global log from its
 * checkpoint and moves the checkpoint only after the handler succeeded, so
 * nothing is skipped. A handler that keeps failing stops the reactor with
 * the event named, instead of silently moving past it.
 */
export class Reactor {
  private subscription: Subscription | undefined;
  private position: number | undefined;
  private caughtUp = false;
  private failure: ReactorStatus['failed'];
  private idle: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: ReactorOptions,
    private readonly logger: ReactorLogger,
  ) {}

  start(): void {
    this.position = this.checkpoints.get(this.options.name);
    this.subscription = this.store.subscribeToAll((event) => this.onEvent(event), {
      after: this.position,
      onCaughtUp: () => this.onCaughtUp(),
    });
    this.subscription.done.catch((error: unknown) => {
      this.logger.error(
        { reactor: this.options.name, err: error, ...this.failure },
        'reactor stopped',
      );
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  status(): ReactorStatus {
    return {
      name: this.options.name,
      position: this.position,
      caughtUp: this.caughtUp,
      failed: this.failure,
    };
  }

  /** Resolves once everything stored up to now has been handled (tests, orderly shutdown). */
  async settled(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === undefined || (this.position ?? 0) >= head) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
    return this.settled();
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    this.caughtUp = false;
    if (this.options.accepts(event)) await this.handleWithRetries(event);
    this.position = event.globalPosition;
    this.checkpoints.set(this.options.name, event.globalPosition);
  }

  private async handleWithRetries(event: RecordedEvent): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.handle(event);
      } catch (error) {
        if (attempt >= attempts) {
          this.failure = { eventId: event.id, type: event.type, message: (error as Error).message };
          throw new Error(
            `${this.options.name} failed on event ${event.id} (${event.type}): ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
        this.logger.warn(
          { reactor: this.options.name, eventId: event.id, attempt, err: error },
          'retrying event',
        );
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  }

  private onCaughtUp(): void {
    this.caughtUp = true;
    const waiting = this.idle;
    this.idle = [];
    for (const wake of waiting) wake();
  }
}
