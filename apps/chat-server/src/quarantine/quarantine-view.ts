import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { isQuarantineEvent, QUARANTINE_CATEGORY, QuarantineBook } from '@pagedesk/processing';
import { BackgroundWork } from '../processing/background-work';
import { LogFollower } from '../tenants/log-follower';

/** Every reactor's dead-letter stream folded into memory, rebuilt from the log at start: what /ready counts and admins list. */
@Injectable()
export class QuarantineView implements OnModuleInit, OnApplicationShutdown {
  readonly book = new QuarantineBook();
  private readonly follower: LogFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore, work: BackgroundWork) {
    this.follower = new LogFollower(
      store,
      { categories: [QUARANTINE_CATEGORY] },
      isQuarantineEvent,
      (e) => this.book.apply(e),
      'quarantine',
    );
    work.watch(() => this.follower.status());
  }

  onModuleInit(): Promise<void> {
    return this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /** Items waiting for a retry across every tenant: what /ready and /metrics report. */
  total(): number {
    return Object.values(this.book.countsByTenant()).reduce((sum, n) => sum + n, 0);
  }

  waitFor(position: number | undefined): Promise<void> {
    return this.follower.waitFor(position);
  }
}
