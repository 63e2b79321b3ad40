import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EventFilter, EventStore, RecordedEvent } from '@pagedesk/event-store';
import type { BackgroundWork } from '../processing/background-work';
import { LogFollower } from './log-follower';

export interface FollowedEvents {
  /** The part's name on /ready. */
  readonly name: string;
  /** What the store reads for this view (its index, never the whole log). */
  readonly filter: EventFilter;
  /** The same choice made on a recorded event, for stores that read more than the filter. */
  readonly accepts: (event: RecordedEvent) => boolean;
}

/**
 * An in-memory view kept by a LogFollower, with the lifecycle every such view
 * needs: folded before the module is ready, followed live, stopped at
 * shutdown, and always reported on /ready (a view that stopped following
 * would otherwise answer stale with nobody told).
 */
export abstract class FollowedView implements OnModuleInit, OnApplicationShutdown {
  private readonly follower: LogFollower;

  protected constructor(store: EventStore, work: BackgroundWork, events: FollowedEvents) {
    this.follower = new LogFollower(
      store,
      events.filter,
      events.accepts,
      (e) => this.apply(e),
      events.name,
    );
    work.watch(() => this.follower.status());
  }

  protected abstract apply(event: RecordedEvent): void;

  onModuleInit(): Promise<void> {
    return this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /** Resolves once the view includes the event at `position` (an append's globalPosition). */
  waitFor(position: number | undefined): Promise<void> {
    return this.follower.waitFor(position);
  }
}
