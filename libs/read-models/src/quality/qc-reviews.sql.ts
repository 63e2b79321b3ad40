import type { AsyncSqlDb } from '@pagedesk/processing';
import type { ConversationScoredData } from '@pagedesk/tenancy';

export const QC_REVIEWS_TABLES = [
  { name: 'qc_reviews', key: ['review_id'] },
  { name: 'qc_review_agents', key: ['review_id', 'agent_id'] },
] as const;

/** The review whole as JSON (same code, same events: same bytes on a rebuild) beside the columns a list filters on. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS qc_reviews (
  review_id       TEXT PRIMARY KEY,
  tenant_id       TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  scorecard_id    TEXT NOT NULL,
  reviewer_id     TEXT NOT NULL,
  percent         DOUBLE PRECISION NOT NULL,
  ended_at        BIGINT NOT NULL,
  scored_at       TEXT NOT NULL,
  review          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS qc_reviews_ended ON qc_reviews (tenant_id, ended_at);
CREATE TABLE IF NOT EXISTS qc_review_agents (
  review_id TEXT NOT NULL,
  agent_id  TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  PRIMARY KEY (review_id, agent_id)
);
CREATE INDEX IF NOT EXISTS qc_review_agents_agent ON qc_review_agents (tenant_id, agent_id);
`;

export interface StoredReview extends ConversationScoredData {
  readonly scoredAt: string;
}

export const REVIEW_SORTS = ['newest', 'score_asc', 'score_desc'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export interface ReviewFilter {
  readonly tenantId: string;
  readonly agentId?: string;
  readonly reviewerId?: string;
  readonly scorecardId?: string;
  readonly conversationId?: string;
  readonly minPercent?: number;
  readonly maxPercent?: number;
  /** On the conversation's end, [from, to) in ms. */
  readonly endedFrom?: number;
  readonly endedTo?: number;
  readonly sort: ReviewSort;
  readonly limit: number;
  readonly offset: number;
}

const ORDER: Record<ReviewSort, string> = {
  newest: 'r.scored_at DESC, r.review_id',
  score_asc: 'r.percent ASC, r.scored_at DESC, r.review_id',
  score_desc: 'r.percent DESC, r.scored_at DESC, r.review_id',
};

export class QcReviewsSql {
  constructor(private readonly db: AsyncSqlDb) {}

  async createSchema(): Promise<void> {
    await this.db.exec(SCHEMA);
  }

  async dropSchema(): Promise<void> {
    for (const { name } of QC_REVIEWS_TABLES) await this.db.exec(`DROP TABLE IF EXISTS ${name}`);
  }

  /** A later round of the same review replaces it, and its agents with it. */
  async save(review: StoredReview): Promise<void> {
    await this.db.run(
      `INSERT INTO qc_reviews (review_id, tenant_id, conversation_id, scorecard_id, reviewer_id,
         percent, ended_at, scored_at, review)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (review_id) DO UPDATE SET percent = excluded.percent,
         ended_at = excluded.ended_at, scored_at = excluded.scored_at, review = excluded.review`,
      [
        review.reviewId,
        review.tenantId,
        review.conversationId,
        review.scorecardId,
        review.reviewerId,
        review.percent,
        review.endedAt,
        review.scoredAt,
        JSON.stringify(review),
      ],
    );
    await this.db.run('DELETE FROM qc_review_agents WHERE review_id = ?', [review.reviewId]);
    for (const agentId of new Set(review.agentIds)) {
      await this.db.run(
        'INSERT INTO qc_review_agents (review_id, agent_id, tenant_id) VALUES (?, ?, ?)',
        [review.reviewId, agentId, review.tenantId],
      );
    }
  }

  async list(
    filter: ReviewFilter,
  ): Promise<{ readonly total: number; readonly items: StoredReview[] }> {
    const where = ['r.tenant_id = ?'];
    const params: (string | number)[] = [filter.tenantId];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add(
      'EXISTS (SELECT 1 FROM qc_review_agents a WHERE a.review_id = r.review_id AND a.agent_id = ?)',
      filter.agentId,
    );
    add('r.reviewer_id = ?', filter.reviewerId);
    add('r.scorecard_id = ?', filter.scorecardId);
    add('r.conversation_id = ?', filter.conversationId);
    add('r.percent >= ?', filter.minPercent);
    add('r.percent <= ?', filter.maxPercent);
    add('r.ended_at >= ?', filter.endedFrom);
    add('r.ended_at < ?', filter.endedTo);
    const clause = where.join(' AND ');
    const counted = await this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM qc_reviews r WHERE ${clause}`,
      params,
    );
    const rows = await this.db.all<{ review: string }>(
      `SELECT r.review FROM qc_reviews r WHERE ${clause} ORDER BY ${ORDER[filter.sort]} LIMIT ? OFFSET ?`,
      [...params, filter.limit, filter.offset],
    );
    return { total: counted!.n, items: rows.map((row) => JSON.parse(row.review) as StoredReview) };
  }
}
