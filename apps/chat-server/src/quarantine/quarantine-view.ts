import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { isQuarantineEvent, QUARANTINE_CATEGORY, QuarantineBook } from '@pagedesk/processing';
import { BackgroundWork } from '../processing/background-work';
import { FollowedView } from '../tenants/followed-view';

/** Every reactor's dead-letter stream folded into memory, rebuilt from the log at start: what /ready counts and admins list. */
@Injectable()
export class QuarantineView extends FollowedView {
  readonly book = new QuarantineBook();

  constructor(@Inject(EVENT_STORE) store: EventStore, work: BackgroundWork) {
    super(store, work, {
      name: 'quarantine',
      filter: { categories: [QUARANTINE_CATEGORY] },
      accepts: isQuarantineEvent,
    });
  }

  /** Items waiting for a retry across every tenant: what /ready and /metrics report. */
  total(): number {
    return Object.values(this.book.countsByTenant()).reduce((sum, n) => sum + n, 0);
  }

  protected apply(event: RecordedEvent): void {
    this.book.apply(event);
  }
}
