import { periodRange } from './periods';
import { serviceFigures, type FigureInputs, type Grouping } from './service-figures';
import { factsOf, type Script } from './testing/facts-scenario';

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
/** 2026-03-10 starts at 2026-03-09T23:00Z in Berlin (CET, UTC+1). */
const D = Date.parse('2026-03-09T23:00:00Z');
const NOW = Date.parse('2026-03-10T11:00:00Z');
const ZONE = 'Europe/Berlin';

/**
 * Today in Berlin, by hand (every number below is worked out in the comments):
 * c1 sales/p1 at 00:30 local (still 9 March in UTC): waited 30 s, first reply 90 s, closed.
 * c2 sales/p1: waited 120 s, ben replied, passed to anna, customer had the last word.
 * c3 support/p2: never answered, the customer left after 45 s.
 * c4 support/p2: waiting 20 s now; c5 support/p2: waiting 5 min now.
 * c6 sales/p1: yesterday at 23:59 local, answered in 10 s.
 */
const SCRIPTS: Script[] = [
  {
    id: 'c1',
    pageId: 'p1',
    startedAt: D + 30 * MIN,
    steps: [
      { at: D + 30 * MIN, customer: true },
      { at: D + 30 * MIN, automatic: true },
      { at: D + 30 * MIN, queued: 'sales' },
      { at: D + 30 * MIN + 30 * S, assigned: 'anna' },
      { at: D + 30 * MIN + 90 * S, reply: 'anna' },
      { at: D + 30 * MIN + 120 * S, customer: true },
      { at: D + 30 * MIN + 150 * S, reply: 'anna' },
      { at: D + 40 * MIN, closedBy: 'anna' },
    ],
  },
  {
    id: 'c2',
    pageId: 'p1',
    startedAt: D + 2 * H,
    steps: [
      { at: D + 2 * H, customer: true },
      { at: D + 2 * H, queued: 'sales' },
      { at: D + 2 * H + 120 * S, assigned: 'ben' },
      { at: D + 2 * H + 150 * S, reply: 'ben' },
      { at: D + 2 * H + 300 * S, assigned: 'anna', from: 'ben' },
      { at: D + 2 * H + 360 * S, reply: 'anna' },
      { at: D + 2 * H + 400 * S, customer: true },
      { at: D + 2 * H + 600 * S, customerEnded: true },
    ],
  },
  {
    id: 'c3',
    pageId: 'p2',
    startedAt: D + 3 * H,
    steps: [
      { at: D + 3 * H, customer: true },
      { at: D + 3 * H, queued: 'support' },
      { at: D + 3 * H + 45 * S, customerEnded: true },
    ],
  },
  {
    id: 'c4',
    pageId: 'p2',
    startedAt: NOW - 20 * S,
    steps: [
      { at: NOW - 20 * S, customer: true },
      { at: NOW - 20 * S, queued: 'support' },
    ],
  },
  {
    id: 'c5',
    pageId: 'p2',
    startedAt: NOW - 5 * MIN,
    steps: [
      { at: NOW - 5 * MIN, customer: true },
      { at: NOW - 5 * MIN, queued: 'support' },
    ],
  },
  {
    id: 'c6',
    pageId: 'p1',
    startedAt: D - MIN,
    steps: [
      { at: D - MIN, customer: true },
      { at: D - MIN, queued: 'sales' },
      { at: D - MIN + 10 * S, assigned: 'anna' },
      { at: D - MIN + 20 * S, reply: 'anna' },
      { at: D + 5 * MIN, closedBy: 'anna' },
    ],
  },
];

const FACTS = SCRIPTS.map(factsOf);
/** support answers within 30 s; sales keeps the default 60 s. */
const targetMs = (queue: string | null) => (queue === 'support' ? 30 * S : 60 * S);
const inputs = (period: 'today' | '7d', zone = ZONE): FigureInputs => ({
  range: periodRange({ period }, zone, NOW),
  now: NOW,
  targetMs,
});
const figures = (by: Grouping, period: 'today' | '7d' = 'today', zone = ZONE) =>
  Object.fromEntries(
    serviceFigures(FACTS, by, inputs(period, zone)).map((g) => [g.key, g.figures]),
  );

describe('service figures: given these conversations, these numbers', () => {
  it('counts the tenant today in its own time zone', () => {
    expect(figures('tenant').acme).toEqual({
      offered: 5, // c1..c5; c6 was yesterday in Berlin
      answered: 2, // c1, c2
      abandoned: 2, // c2 (customer spoke last), c3 (never answered)
      waitingNow: 2, // c4, c5
      longestWaitMs: 300_000, // c5, 5 min
      waitMs: { count: 2, median: 30_000, p90: 120_000 }, // [30 s, 120 s]
      firstReplyMs: { count: 2, median: 90_000, p90: 150_000 }, // c1 90 s, c2 150 s (ben)
      handleMs: { count: 2, median: 480_000, p90: 570_000 }, // c2 600-120 s, c1 40 min - 30.5 min
      messagesPerConversation: { count: 5, median: 1, p90: 4 }, // [1, 1, 1, 4, 4], automatic not counted
      transfers: 1, // ben → anna
      // met: c1 (30 s ≤ 60 s); missed: c2 (120 s), c3 (ended), c5 (5 min > 30 s); c4 not judged yet
      serviceLevel: { targetsMs: [30_000, 60_000], met: 1, judged: 4, share: 0.25 },
      csat: { surveyed: 0, answered: 0, satisfied: 0, share: null, averageRating: null },
    });
  });

  it('groups by queue, each judged against its own target', () => {
    const { sales, support } = figures('queue');
    expect(sales).toMatchObject({
      offered: 2,
      answered: 2,
      abandoned: 1,
      waitingNow: 0,
      longestWaitMs: null,
      serviceLevel: { targetsMs: [60_000], met: 1, judged: 2, share: 0.5 },
    });
    expect(support).toMatchObject({
      offered: 3,
      answered: 0,
      abandoned: 1,
      waitingNow: 2,
      longestWaitMs: 300_000,
      waitMs: { count: 0, median: null, p90: null },
      serviceLevel: { targetsMs: [30_000], met: 0, judged: 2, share: 0 },
    });
  });

  it('gives each agent their own first reply, handle time and transfers, counting a passed-on conversation for both', () => {
    const { anna, ben } = figures('agent');
    expect(anna).toMatchObject({
      offered: 2, // c1, c2
      waitingNow: 0,
      firstReplyMs: { count: 2, median: 60_000, p90: 60_000 }, // c1 90-30 s, c2 360-300 s
      handleMs: { count: 2, median: 300_000, p90: 570_000 }, // c2 600-300 s, c1 570 s
      transfers: 0,
    });
    expect(ben).toMatchObject({
      offered: 1,
      firstReplyMs: { count: 1, median: 30_000, p90: 30_000 },
      handleMs: { count: 1, median: 180_000, p90: 180_000 }, // 300-120 s, until passed on
      transfers: 1,
    });
  });

  it('groups by page', () => {
    const byPage = figures('page');
    expect(Object.keys(byPage)).toEqual(['p1', 'p2']);
    expect(byPage.p1).toMatchObject({ offered: 2, answered: 2, waitingNow: 0 });
    expect(byPage.p2).toMatchObject({ offered: 3, answered: 0, waitingNow: 2 });
  });

  it('takes yesterday in: seven days include c6, answered in 10 s', () => {
    expect(figures('tenant', '7d').acme).toMatchObject({
      offered: 6,
      answered: 3,
      waitMs: { count: 3, median: 30_000, p90: 120_000 }, // [10 s, 30 s, 120 s]
      serviceLevel: { met: 2, judged: 5, share: 0.4 },
    });
  });

  it('moves a conversation to another day when the tenant is in another zone', () => {
    // In UTC, 10 March starts at 00:00Z: c1 (23:30Z on 9 March) is yesterday's.
    expect(figures('tenant', 'today', 'UTC').acme).toMatchObject({ offered: 4, answered: 1 });
  });

  it('keeps counting a requeued conversation as waiting, since it went back to the queue', () => {
    const requeued = factsOf({
      id: 'r1',
      pageId: 'p1',
      startedAt: NOW - 10 * MIN,
      steps: [
        { at: NOW - 10 * MIN, customer: true },
        { at: NOW - 10 * MIN, queued: 'sales' },
        { at: NOW - 9 * MIN, assigned: 'anna' },
        { at: NOW - 2 * MIN, requeued: 'support', from: 'anna' },
      ],
    });
    const [group] = serviceFigures([requeued], 'queue', inputs('today'));
    expect(group).toMatchObject({
      key: 'sales', // measured in the queue it was offered in
      figures: { offered: 1, answered: 1, waitingNow: 1, longestWaitMs: 120_000, transfers: 1 },
    });
    const [agent] = serviceFigures([requeued], 'agent', inputs('today'));
    expect(agent?.figures).toMatchObject({
      handleMs: { count: 1, median: 420_000 },
      transfers: 1,
    });
  });

  it('does not call a conversation abandoned when a person in the Page inbox answered last', () => {
    const answeredInInbox = factsOf({
      id: 'i1',
      pageId: 'p1',
      startedAt: D + H,
      steps: [
        { at: D + H, customer: true },
        { at: D + H, queued: 'sales' },
        { at: D + H + 30 * S, pageReply: true },
        { at: D + H + 60 * S, expired: true },
      ],
    });
    const [group] = serviceFigures([answeredInInbox], 'tenant', inputs('today'));
    expect(group?.figures).toMatchObject({
      abandoned: 0,
      answered: 0,
      firstReplyMs: { median: 30_000 },
      serviceLevel: { met: 0, judged: 1 },
    });
  });
});

/**
 * Satisfaction, by hand, today in Berlin (every survey asked after the close):
 * k1 sales: anna closed, rated 5 of 5.      k2 sales: ben passed it to anna, anna closed, rated 2.
 * k3 support: ben closed, thumb up.          k4 support: ben closed, no answer.
 * k5 sales: anna closed, rated 4 (a second answer in the log would not count).
 * k6 sales: yesterday, anna closed, rated 1.
 */
describe('satisfaction (CSAT) figures: given these surveys, these numbers', () => {
  const closedWithSurvey = (
    id: string,
    queue: string,
    startedAt: number,
    agents: readonly string[],
    scale: 'five_point' | 'thumbs',
    ratings: readonly string[],
  ): Script => {
    const closer = agents[agents.length - 1]!;
    return {
      id,
      pageId: 'p1',
      startedAt,
      steps: [
        { at: startedAt, customer: true },
        { at: startedAt, queued: queue },
        ...agents.map((agent, i) => ({
          at: startedAt + (i + 1) * MIN,
          assigned: agent,
          ...(i > 0 ? { from: agents[i - 1]! } : {}),
        })),
        { at: startedAt + 5 * MIN, reply: closer },
        { at: startedAt + 6 * MIN, closedBy: closer },
        { at: startedAt + 6 * MIN, surveyed: closer, scale },
        ...ratings.map((rated, i) => ({ at: startedAt + (7 + i) * MIN, rated, scale })),
      ],
    };
  };
  const CSAT_FACTS = [
    closedWithSurvey('k1', 'sales', D + H, ['anna'], 'five_point', ['5']),
    closedWithSurvey('k2', 'sales', D + 2 * H, ['ben', 'anna'], 'five_point', ['2']),
    closedWithSurvey('k3', 'support', D + 3 * H, ['ben'], 'thumbs', ['up']),
    closedWithSurvey('k4', 'support', D + 4 * H, ['ben'], 'thumbs', []),
    closedWithSurvey('k5', 'sales', D + 5 * H, ['anna'], 'five_point', ['4', '1']),
    closedWithSurvey('k6', 'sales', D - 2 * H, ['anna'], 'five_point', ['1']),
  ].map(factsOf);
  const csat = (by: Grouping, period: 'today' | '7d' = 'today') =>
    Object.fromEntries(
      serviceFigures(CSAT_FACTS, by, inputs(period)).map((g) => [g.key, g.figures.csat]),
    );

  it('counts the tenant: 3 of 4 answers satisfied, the 1–5 answers average 3.67', () => {
    expect(csat('tenant').acme).toEqual({
      surveyed: 5, // k1..k5; k6 was yesterday
      answered: 4, // k1 5, k2 2, k3 up, k5 4 (its second answer does not count)
      satisfied: 3, // 5, up, 4
      share: 0.75,
      averageRating: 3.67, // (5 + 2 + 4) / 3; thumbs have no rating
    });
  });

  it('groups by the queue the conversation was offered in', () => {
    const { sales, support } = csat('queue');
    // sales: k1 5, k2 2, k5 4 → 2 of 3 satisfied, 11 / 3
    expect(sales).toEqual({
      surveyed: 3,
      answered: 3,
      satisfied: 2,
      share: 0.6667,
      averageRating: 3.67,
    });
    // support: k3 up, k4 unanswered
    expect(support).toEqual({
      surveyed: 2,
      answered: 1,
      satisfied: 1,
      share: 1,
      averageRating: null,
    });
  });

  it('counts a survey for the agent who closed, not for everyone who had the conversation', () => {
    const { anna, ben } = csat('agent');
    expect(anna).toEqual({
      surveyed: 3, // k1, k2 (ben passed it on), k5
      answered: 3,
      satisfied: 2,
      share: 0.6667,
      averageRating: 3.67,
    });
    expect(ben).toEqual({
      surveyed: 2, // k3, k4; k2 was closed by anna
      answered: 1,
      satisfied: 1,
      share: 1,
      averageRating: null,
    });
  });

  it('takes yesterday in over seven days: k6 rated 1', () => {
    expect(csat('tenant', '7d').acme).toEqual({
      surveyed: 6,
      answered: 5,
      satisfied: 3,
      share: 0.6,
      averageRating: 3, // (5 + 2 + 4 + 1) / 4
    });
  });
});
