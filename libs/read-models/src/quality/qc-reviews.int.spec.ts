import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pagedesk/event-store';
import { testEvent } from '@pagedesk/event-store/testing';
import { firstDifference, ProjectionRunner, type AsyncSqlDb } from '@pagedesk/processing';
import type { JsonObject } from '@pagedesk/shared';
import {
  reviewsDecider,
  reviewsStream,
  type Marks,
  type ReviewEvent,
  type ReviewsState,
  type Scorecard,
} from '@pagedesk/tenancy';
import { QcReviews, reviewsAsCsv } from './qc-reviews';
import { QcReviewsProjection } from './qc-reviews.projection';
import type { ReviewFilter } from './qc-reviews.sql';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

const card: Scorecard = {
  scorecardId: 'basics',
  name: 'Basics',
  version: 1,
  archived: false,
  criteria: [
    { id: 'greeting', label: 'Greets', weight: 1, scale: { kind: 'yes_no' } },
    { id: 'solution', label: 'Solves it', weight: 3, scale: { kind: 'points', max: 4 } },
  ],
};
const marks = (greeting: boolean, solution: number, comment = ''): Marks => ({
  values: [
    { criterionId: 'greeting', value: greeting },
    { criterionId: 'solution', value: solution },
  ],
  comment,
});
const DAY = Date.parse('2026-03-10T00:00:00Z');

describeOnReadModelDbs('qc reviews read model', (readModelDb, kase) => {
  let dir: string;
  let store: SqliteEventStore;
  let live: AsyncSqlDb;
  let runner: ProjectionRunner;
  const states = new Map<string, ReviewsState>();

  /** Decides with the real decider, so the stream holds what the server would append. */
  const score = async (
    conversationId: string,
    tenantId: string,
    agentIds: string[],
    endedAt: number,
    reviewerId: string,
    given: Marks,
  ) => {
    const state = states.get(conversationId) ?? new Map();
    const events: ReviewEvent[] = reviewsDecider.decide(
      {
        type: 'ScoreConversation',
        data: {
          conversation: { conversationId, tenantId, pageId: 'p1', agentIds, endedAt },
          scorecard: card,
          reviewerId,
          marks: given,
        },
      },
      state,
    );
    await store.appendToStream(
      reviewsStream(conversationId),
      events.map((e) => testEvent(e.data as unknown as JsonObject, e.type)),
      { expectedRevision: 'any' },
    );
    states.set(conversationId, events.reduce(reviewsDecider.evolve, state));
  };
  const list = (filter: Partial<ReviewFilter> = {}) =>
    new QcReviews(live).list({ tenantId: 'acme', sort: 'newest', limit: 50, offset: 0, ...filter });

  beforeEach(async () => {
    states.clear();
    dir = mkdtempSync(join(tmpdir(), 'pagedesk-qc-reviews-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    live = readModelDb();
    runner = new ProjectionRunner(store, live, new QcReviewsProjection(live));
    // c1: anna then ben (transfer), 100 % then re-scored 25 %; c2: ben, 75 %; c3 another tenant.
    await score('c1', 'acme', ['anna', 'ben'], DAY + 1_000, 'quinn', marks(true, 4));
    await score('c2', 'acme', ['ben'], DAY + 90_000_000, 'quinn', marks(false, 4, 'no greeting'));
    await score('c3', 'globex', ['zed'], DAY, 'quinn', marks(true, 4));
    await runner.catchUp();
    await score('c1', 'acme', ['anna', 'ben'], DAY + 1_000, 'quinn', marks(true, 0));
    await runner.catchUp();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps only the latest round of a reviewer's review, and only the tenant's own", async () => {
    const { total, items } = await list();
    expect(total).toBe(2);
    expect(items.map((r) => [r.conversationId, r.percent, r.round])).toEqual(
      expect.arrayContaining([
        ['c1', 25, 2],
        ['c2', 75, 1],
      ]),
    );
  });

  it('filters by agent, score and the period the conversation ended in, and sorts by score', async () => {
    expect((await list({ agentId: 'anna' })).items.map((r) => r.conversationId)).toEqual(['c1']);
    expect(
      (await list({ agentId: 'ben', sort: 'score_desc' })).items.map((r) => r.percent),
    ).toEqual([75, 25]);
    expect((await list({ sort: 'score_asc' })).items.map((r) => r.percent)).toEqual([25, 75]);
    expect((await list({ minPercent: 50 })).items.map((r) => r.conversationId)).toEqual(['c2']);
    expect((await list({ maxPercent: 25 })).items.map((r) => r.conversationId)).toEqual(['c1']);
    expect(
      (await list({ endedFrom: DAY, endedTo: DAY + 86_400_000 })).items.map(
        (r) => r.conversationId,
      ),
    ).toEqual(['c1']);
    expect((await list({ agentId: 'zed' })).total).toBe(0);
  });

  it('exports the reviews as CSV with names and each mark', async () => {
    const csv = reviewsAsCsv((await list({ sort: 'score_asc' })).items, (id) =>
      id === 'quinn' ? 'Quinn QC' : id,
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^review_id,conversation_id,ended_at,scored_at,agents,reviewer/);
    expect(lines[1]).toContain(
      ',anna; ben,Quinn QC,basics,1,Basics,25.00,2,,Greets: yes; Solves it: 0/4',
    );
    expect(lines[2]).toContain('75.00,1,no greeting,Greets: no; Solves it: 4/4');
  });

  it('rebuilds byte for byte from the log', async () => {
    const fresh = await kase.open();
    try {
      const rebuilt = new QcReviewsProjection(fresh);
      await new ProjectionRunner(store, fresh, rebuilt).catchUp();
      expect((await live.all('SELECT * FROM qc_reviews')).length).toBe(3);
      expect(await firstDifference(live, fresh, rebuilt.tables)).toBeUndefined();
      await runner.reset();
      await runner.catchUp();
      expect(await firstDifference(live, fresh, rebuilt.tables)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
