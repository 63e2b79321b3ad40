import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type { Projection, AsyncSqlDb } from '@pagedesk/processing';
import type { ReviewEvent } from '@pagedesk/tenancy';
import { QC_REVIEWS_TABLES, QcReviewsSql } from './qc-reviews.sql';

export const QC_REVIEWS = 'qc-reviews';

const REVIEWS_STREAM = 'qcreviews-';

/** Quality reviews, newest round of each: built from the review streams only, time from their metadata. */
export class QcReviewsProjection implements Projection {
  readonly name = QC_REVIEWS;
  readonly tables = QC_REVIEWS_TABLES;
  // Asked of the store, so a replay never decodes the conversations, inbox or anything else.
  readonly filter: EventFilter = { categories: ['qcreviews'] };
  private readonly sql: QcReviewsSql;

  constructor(db: AsyncSqlDb) {
    this.sql = new QcReviewsSql(db);
  }

  async createSchema(): Promise<void> {
    await this.sql.createSchema();
  }

  async dropSchema(): Promise<void> {
    await this.sql.dropSchema();
  }

  async apply(recorded: RecordedEvent): Promise<void> {
    if (!recorded.streamName.startsWith(REVIEWS_STREAM)) return;
    const event = { type: recorded.type, data: recorded.data } as unknown as ReviewEvent;
    switch (event.type) {
      case 'ConversationScored':
        return this.sql.save({ ...event.data, scoredAt: recorded.metadata.recordedAt });
      default:
        return event.type satisfies never;
    }
  }
}
