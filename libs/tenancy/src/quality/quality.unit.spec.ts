import type { Criterion } from './score';
import { scoreOf, valueProblem } from './score';
import { reviewIdOf, reviewsDecider, type ReviewCommand, type ReviewsState } from './reviews';
import { scorecardsDecider, type Scorecard, type ScorecardsState } from './scorecards';

const greeting: Criterion = {
  id: 'greeting',
  label: 'Greets by name',
  weight: 1,
  scale: { kind: 'yes_no' },
};
const solution: Criterion = {
  id: 'solution',
  label: 'Solves it',
  weight: 3,
  scale: { kind: 'points', max: 4 },
};
const tone: Criterion = { id: 'tone', label: 'Tone', weight: 2, scale: { kind: 'points', max: 5 } };
const criteria = [greeting, solution, tone];

const values = (entries: [string, number | boolean | null][]) => new Map(entries);

describe('score of a filled scorecard', () => {
  it('weights each criterion by its share of the scale (hand-computed)', () => {
    // greeting yes: 1·1 = 1; solution 3/4: 3·0.75 = 2.25; tone 2/5: 2·0.4 = 0.8 → 4.05 / 6 = 67.5 %
    expect(
      scoreOf(
        criteria,
        values([
          ['greeting', true],
          ['solution', 3],
          ['tone', 2],
        ]),
      ),
    ).toEqual({
      percent: 67.5,
      weightScored: 6,
    });
    // all marks full → 100; all zero → 0
    expect(
      scoreOf(
        criteria,
        values([
          ['greeting', true],
          ['solution', 4],
          ['tone', 5],
        ]),
      )!.percent,
    ).toBe(100);
    expect(
      scoreOf(
        criteria,
        values([
          ['greeting', false],
          ['solution', 0],
          ['tone', 0],
        ]),
      )!.percent,
    ).toBe(0);
  });

  it('leaves not-applicable criteria out of both sides, and rounds to two decimals', () => {
    // solution n/a: greeting no (0·1) + tone 5/5 (2·1) = 2 / 3 = 66.666… → 66.67
    expect(
      scoreOf(
        criteria,
        values([
          ['greeting', false],
          ['solution', null],
          ['tone', 5],
        ]),
      ),
    ).toEqual({
      percent: 66.67,
      weightScored: 3,
    });
    expect(
      scoreOf(
        criteria,
        values([
          ['greeting', null],
          ['solution', null],
          ['tone', null],
        ]),
      ),
    ).toBeUndefined();
  });

  it('accepts only values of the scale', () => {
    expect(valueProblem(solution, 4)).toBeNull();
    expect(valueProblem(solution, 5)).toMatch(/0 to 4/);
    expect(valueProblem(solution, 1.5)).toMatch(/whole number/);
    expect(valueProblem(greeting, 1)).toMatch(/true \(yes\)/);
    expect(valueProblem(greeting, null)).toBeNull();
  });
});

const fold = <S, E>(evolve: (s: S, e: E) => S, initial: S, events: readonly E[]) =>
  events.reduce(evolve, initial);

describe('scorecards decider', () => {
  const create = {
    type: 'CreateScorecard' as const,
    data: { tenantId: 't1', scorecardId: 'chat-basics', name: 'Chat basics', criteria },
  };

  it('creates, revises with a new version, and records nothing for an unchanged revision', () => {
    const created = scorecardsDecider.decide(create, new Map());
    expect(created).toEqual([{ type: 'ScorecardCreated', data: create.data }]);
    const state = fold(scorecardsDecider.evolve, new Map() as ScorecardsState, created);
    expect(scorecardsDecider.decide(create, state)).toEqual([]);
    expect(scorecardsDecider.decide({ ...create, type: 'ReviseScorecard' }, state)).toEqual([]);
    const revised = scorecardsDecider.decide(
      { type: 'ReviseScorecard', data: { ...create.data, criteria: [greeting] } },
      state,
    );
    expect(revised).toEqual([
      { type: 'ScorecardRevised', data: { ...create.data, criteria: [greeting], version: 2 } },
    ]);
    expect(fold(scorecardsDecider.evolve, state, revised).get('chat-basics')).toMatchObject({
      version: 2,
    });
  });

  it('refuses a bad definition naming the field, a clash, and an unknown or archived card', () => {
    const bad = (criteria: unknown[]) => () =>
      scorecardsDecider.decide(
        { ...create, data: { ...create.data, criteria } } as never,
        new Map(),
      );
    expect(bad([])).toThrow(/criteria must list 1 to 30/);
    expect(bad([greeting, greeting])).toThrow(/criteria\[1\]\.id greeting is used twice/);
    expect(bad([{ ...solution, weight: 0 }])).toThrow(/criteria\[0\]\.weight/);
    expect(bad([{ ...solution, scale: { kind: 'points', max: 11 } }])).toThrow(
      /criteria\[0\]\.scale\.max/,
    );
    expect(bad([{ ...solution, scale: { kind: 'stars' } }])).toThrow(/points or yes_no/);
    const state = fold(
      scorecardsDecider.evolve,
      new Map() as ScorecardsState,
      scorecardsDecider.decide(create, new Map()),
    );
    expect(() =>
      scorecardsDecider.decide({ ...create, data: { ...create.data, name: 'Other' } }, state),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() =>
      scorecardsDecider.decide(
        { type: 'ArchiveScorecard', data: { tenantId: 't1', scorecardId: 'nope' } },
        state,
      ),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
    const archived = fold(
      scorecardsDecider.evolve,
      state,
      scorecardsDecider.decide(
        { type: 'ArchiveScorecard', data: { tenantId: 't1', scorecardId: 'chat-basics' } },
        state,
      ),
    );
    expect(() =>
      scorecardsDecider.decide({ ...create, type: 'ReviseScorecard' }, archived),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});

describe('reviews decider', () => {
  const scorecard: Scorecard = {
    scorecardId: 'chat-basics',
    name: 'Chat basics',
    criteria,
    version: 1,
    archived: false,
  };
  const conversation = {
    conversationId: 'c1',
    tenantId: 't1',
    pageId: 'p1',
    agentIds: ['a1'],
    endedAt: 1_000,
  };
  const score = (reviewerId: string, marks: ReviewCommand['data']['marks']): ReviewCommand => ({
    type: 'ScoreConversation',
    data: { conversation, scorecard, reviewerId, marks },
  });
  const marks = {
    values: [
      { criterionId: 'greeting', value: true },
      { criterionId: 'solution', value: 3, comment: ' found the order ' },
      { criterionId: 'tone', value: 2 },
    ],
    comment: 'good',
  };

  it('records the marks, the definition they were given against and the score', () => {
    const [event] = reviewsDecider.decide(score('r1', marks), new Map());
    expect(event!.data).toMatchObject({
      reviewId: reviewIdOf('c1', 'chat-basics', 'r1'),
      percent: 67.5,
      round: 1,
      scorecardVersion: 1,
      comment: 'good',
      agentIds: ['a1'],
    });
    expect(event!.data.criteria[1]).toEqual({ ...solution, value: 3, comment: 'found the order' });
  });

  it("supersedes the same reviewer's earlier review, ignores a repeat, and keeps other reviewers apart", () => {
    let state: ReviewsState = new Map();
    const apply = (command: ReviewCommand) => {
      const events = reviewsDecider.decide(command, state);
      state = fold(reviewsDecider.evolve, state, events);
      return events;
    };
    apply(score('r1', marks));
    expect(apply(score('r1', marks))).toEqual([]);
    const [again] = apply(
      score('r1', {
        ...marks,
        values: [{ criterionId: 'greeting', value: false }, ...marks.values.slice(1)],
      }),
    );
    expect(again!.data).toMatchObject({
      reviewId: reviewIdOf('c1', 'chat-basics', 'r1'),
      round: 2,
    });
    const [other] = apply(score('r2', marks));
    expect(other!.data.reviewId).not.toBe(again!.data.reviewId);
    expect(other!.data.round).toBe(1);
  });

  it('refuses marks that are missing, unknown, twice, off the scale, or all not applicable', () => {
    const refuse = (values: unknown[]) => () =>
      reviewsDecider.decide(score('r1', { values } as never), new Map());
    expect(refuse(marks.values.slice(0, 2))).toThrow(/tone \(Tone\) is not marked/);
    expect(refuse([...marks.values, { criterionId: 'speed', value: 1 }])).toThrow(
      /speed is not a criterion/,
    );
    expect(refuse([...marks.values, marks.values[0]])).toThrow(/greeting is marked twice/);
    expect(
      refuse([
        { criterionId: 'greeting', value: true },
        { criterionId: 'solution', value: 9 },
        { criterionId: 'tone', value: 1 },
      ]),
    ).toThrow(/solution must be a whole number from 0 to 4/);
    expect(refuse(criteria.map((c) => ({ criterionId: c.id, value: null })))).toThrow(
      /at least one criterion/,
    );
    expect(() =>
      reviewsDecider.decide(
        {
          type: 'ScoreConversation',
          data: {
            conversation,
            scorecard: { ...scorecard, archived: true },
            reviewerId: 'r1',
            marks,
          },
        },
        new Map(),
      ),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
