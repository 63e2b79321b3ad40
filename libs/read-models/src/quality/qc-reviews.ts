import type { AsyncSqlDb } from '@pagedesk/processing';
import { csvCell } from '../transcript/transcript-formats';
import { QcReviewsSql, type ReviewFilter, type StoredReview } from './qc-reviews.sql';

/** Reads the qc-reviews read model: one tenant's reviews, filtered and sorted. */
export class QcReviews {
  private readonly sql: QcReviewsSql;

  constructor(db: AsyncSqlDb) {
    this.sql = new QcReviewsSql(db);
  }

  async list(
    filter: ReviewFilter,
  ): Promise<{ readonly total: number; readonly items: StoredReview[] }> {
    return this.sql.list(filter);
  }
}

const HEADER = [
  'review_id',
  'conversation_id',
  'ended_at',
  'scored_at',
  'agents',
  'reviewer',
  'scorecard_id',
  'scorecard_version',
  'scorecard',
  'percent',
  'round',
  'comment',
  'marks',
];

const mark = (c: StoredReview['criteria'][number]) =>
  `${c.label}: ${c.value === null ? 'n/a' : c.value === true ? 'yes' : c.value === false ? 'no' : `${c.value}/${c.scale.kind === 'points' ? c.scale.max : 1}`}${c.comment ? ` (${c.comment})` : ''}`;

/** One row per review, RFC 4180 with the transcript export's formula-injection guard; names come from the caller. */
export function reviewsAsCsv(
  reviews: readonly StoredReview[],
  nameOf: (userId: string) => string = (id) => id,
): string {
  const rows = reviews.map((r) => [
    r.reviewId,
    r.conversationId,
    new Date(r.endedAt).toISOString(),
    r.scoredAt,
    r.agentIds.map(nameOf).join('; '),
    nameOf(r.reviewerId),
    r.scorecardId,
    String(r.scorecardVersion),
    r.scorecardName,
    r.percent.toFixed(2),
    String(r.round),
    r.comment,
    r.criteria.map(mark).join('; '),
  ]);
  return [HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
