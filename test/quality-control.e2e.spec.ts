import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  api,
  login,
  PLATFORM_EMAIL,
  PLATFORM_PASSWORD,
} from './support/auth';
import { e2eApp } from './support/e2e-app';
import { graphFixture } from './support/fake-graph/fake-graph-server';
import { conversations } from './support/inbound';
import { delivery, text } from './support/messenger/deliveries';
import { PAGE_ID, postWebhook, PSID } from './support/messenger/webhooks';
import { agentCommand, settleReadModels } from './support/read-models';

const PASSWORD = 'a long enough passphrase';
const OTHER_PSID = '7392015648120999';
const T = Date.parse('2026-03-10T09:00:00Z');
const NOW = T + 3_600_000;

/** Greeting yes/no (weight 1), solution 0–4 (weight 3), tone 0–5 (weight 2). */
const SCORECARD = {
  scorecardId: 'chat-basics',
  name: 'Chat basics',
  criteria: [
    { id: 'greeting', label: 'Greets by name', weight: 1, scale: { kind: 'yes_no' } },
    { id: 'solution', label: 'Solves it', weight: 3, scale: { kind: 'points', max: 4 } },
    { id: 'tone', label: 'Tone', weight: 2, scale: { kind: 'points', max: 5 } },
  ],
};
const marks = (greeting: boolean | null, solution: number | null, tone: number | null) => [
  { criterionId: 'greeting', value: greeting },
  { criterionId: 'solution', value: solution, comment: 'found the order' },
  { criterionId: 'tone', value: tone },
];

describe('quality control: scorecards and reviews over REST', () => {
  const desk = e2eApp({
    overrides: { clock: { now: () => new Date(NOW) } },
    prepareGraph: (graph) =>
      graph.setProfile(PSID, graphFixture('profile') as Record<string, unknown>),
  });
  let admin: ReturnType<typeof api>;
  const as: Record<'agent' | 'supervisor' | 'qc', ReturnType<typeof api>> = {} as never;
  const ids: Record<string, string> = {};
  let closedId: string;
  let openId: string;

  beforeAll(async () => {
    admin = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    for (const role of ['agent', 'supervisor', 'qc'] as const) {
      const email = `${role}@acme.test`;
      const created = await admin('POST', '/api/users', {
        email,
        password: PASSWORD,
        displayName: `Sam ${role}`,
        role,
      });
      expect(created.status).toBe(201);
      ids[role] = created.body.userId;
      as[role] = api(desk.url, await login(desk.url, email, PASSWORD));
    }
    await postWebhook(desk.url, delivery(PAGE_ID, text(PAGE_ID, PSID, 'm_1', 'Hello?', T)));
    await postWebhook(
      desk.url,
      delivery(PAGE_ID, text(PAGE_ID, OTHER_PSID, 'm_2', 'Anyone?', T + 10)),
    );
    await settleReadModels(desk.server.app);
    const streams = [...(await conversations(desk.server.app)).entries()];
    const idOf = (mid: string) =>
      streams
        .find(([, events]) =>
          events.some((e) => e.type === 'CustomerMessageReceived' && e.data.mid === mid),
        )![0]
        .slice('conversation-'.length);
    closedId = idOf('m_1');
    openId = idOf('m_2');
    const agentId = ids.agent!;
    await agentCommand(desk.server.app, closedId, agentId, T + 5_000, {
      type: 'AcceptConversation',
      data: { agentId },
    });
    await agentCommand(desk.server.app, closedId, agentId, T + 60_000, {
      type: 'CloseConversation',
      data: { agentId },
    });
    await settleReadModels(desk.server.app);
  });
  it('lets a supervisor define a scorecard, recorded with them as actor, and refuses bad ones by field', async () => {
    const created = await as.supervisor('POST', '/api/scorecards', SCORECARD);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scorecardId: 'chat-basics', version: 1, archived: false });
    const [event] = await desk.server.app
      .get<EventStore>(EVENT_STORE)
      .readStream('scorecards-acme');
    expect(event).toMatchObject({ type: 'ScorecardCreated', metadata: { actor: ids.supervisor } });

    const bad = await as.supervisor('POST', '/api/scorecards', {
      ...SCORECARD,
      scorecardId: 'other',
      criteria: [{ ...SCORECARD.criteria[1], scale: { kind: 'points', max: 20 } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/criteria\.0\.scale\.max/),
    });
    const twice = await as.supervisor('POST', '/api/scorecards', {
      ...SCORECARD,
      scorecardId: 'twice',
      criteria: [SCORECARD.criteria[0], SCORECARD.criteria[0]],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/criteria\[1\]\.id greeting is used twice/);
    expect(
      (await as.supervisor('POST', '/api/scorecards', { ...SCORECARD, name: 'Other' })).status,
    ).toBe(409);
    for (const hostile of [
      {
        ...SCORECARD,
        scorecardId: 'h1',
        criteria: [{ ...SCORECARD.criteria[0], scale: 'yes_no' }],
      },
      {
        ...SCORECARD,
        scorecardId: 'h2',
        criteria: [{ ...SCORECARD.criteria[1], scale: { kind: 'points' } }],
      },
      { ...SCORECARD, scorecardId: 'Not A Slug' },
      { ...SCORECARD, scorecardId: 'h3', extra: true },
    ]) {
      const refused = await as.supervisor('POST', '/api/scorecards', hostile);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid');
    }
    expect(
      (await as.qc('POST', '/api/scorecards', { ...SCORECARD, scorecardId: 'mine' })).status,
    ).toBe(403);
    expect((await as.agent('GET', '/api/scorecards')).status).toBe(403);
    const listed = await as.qc('GET', '/api/scorecards');
    expect(listed.body.items.map((c: { scorecardId: string }) => c.scorecardId)).toEqual([
      'chat-basics',
    ]);
  });

  it('gives qc users transcripts and scoring, but not users or pages', async () => {
    expect((await as.qc('GET', `/api/conversations/${closedId}/transcript`)).status).toBe(200);
    expect((await as.qc('GET', '/api/conversations?status=closed')).body.items).toHaveLength(1);
    expect((await as.qc('GET', '/api/users')).status).toBe(403);
    expect(
      (
        await as.qc('POST', '/api/users', {
          email: 'x@acme.test',
          password: PASSWORD,
          displayName: 'X',
          role: 'agent',
        })
      ).status,
    ).toBe(403);
    expect((await as.qc('GET', '/api/pages')).status).toBe(403);
    expect(
      (
        await as.agent('POST', `/api/conversations/${closedId}/reviews`, {
          scorecardId: 'chat-basics',
          values: marks(true, 3, 2),
        })
      ).status,
    ).toBe(403);
  });

  it('scores a closed conversation with the weighted percentage, and a re-score supersedes', async () => {
    // yes (1·1) + 3/4 (3·0.75) + 2/5 (2·0.4) = 4.05 of 6 → 67.5 %
    const first = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 3, 2),
      comment: 'polite, slow',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ percent: 67.5, round: 1, recorded: true });
    const repeat = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 3, 2),
      comment: 'polite, slow',
    });
    expect(repeat.body).toMatchObject({ percent: 67.5, round: 1, recorded: false });
    // solution n/a: no (0) + 5/5 (2·1) = 2 of 3 → 66.67 %
    const again = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(false, null, 5),
    });
    expect(again.body).toMatchObject({ reviewId: first.body.reviewId, percent: 66.67, round: 2 });

    const listed = await as.supervisor('GET', '/api/reviews');
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0]).toMatchObject({
      conversationId: closedId,
      percent: 66.67,
      round: 2,
      reviewer: { userId: ids.qc, name: 'Sam qc' },
      agents: [{ userId: ids.agent, name: 'Sam agent' }],
      scorecardName: 'Chat basics',
      endedAt: new Date(T + 60_000).toISOString(),
    });
    expect(listed.body.items[0].criteria[1]).toMatchObject({ id: 'solution', value: null });

    const bySupervisor = await as.supervisor('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 4, 5),
    });
    expect(bySupervisor.body).toMatchObject({ percent: 100, round: 1 });
    const both = await as.qc('GET', '/api/reviews?sort=score_desc');
    expect(both.body.items.map((r: { percent: number }) => r.percent)).toEqual([100, 66.67]);
  });

  it('filters by agent, score and period, and exports CSV', async () => {
    const get = async (query: string) =>
      (await as.supervisor('GET', `/api/reviews?${query}`)).body.items.map(
        (r: { percent: number }) => r.percent,
      );
    expect(await get(`agent=${ids.agent}&sort=score_asc`)).toEqual([66.67, 100]);
    expect(await get('agent=nobody')).toEqual([]);
    expect(await get('minScore=90')).toEqual([100]);
    expect(await get('maxScore=70')).toEqual([66.67]);
    expect(await get('period=today')).toHaveLength(2);
    expect(await get('period=custom&from=2026-03-01&to=2026-03-09')).toEqual([]);
    const bad = await as.supervisor('GET', '/api/reviews?minScore=101');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/minScore/);

    const csv = await fetch(`${desk.url}/api/reviews?format=csv&sort=score_asc`, {
      headers: {
        authorization: `Bearer ${await login(desk.url, 'supervisor@acme.test', PASSWORD)}`,
      },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',Sam agent,Sam qc,chat-basics,1,Chat basics,66.67,2,');
  });

  it('refuses to score an open conversation, an unknown scorecard, and another tenant’s conversation', async () => {
    const open = await as.qc('POST', `/api/conversations/${openId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 3, 2),
    });
    expect(open.status).toBe(409);
    expect(open.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/still queued/),
    });
    const unknownCard = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'nope',
      values: marks(true, 3, 2),
    });
    expect(unknownCard.status).toBe(404);
    const odd = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: [{ criterionId: 'greeting', value: { yes: true } }],
    });
    expect(odd.status).toBe(400);
    expect(odd.body.error.message).toMatch(
      /value must be a whole number of points, true, false or null/,
    );
    const missing = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 3, 2).slice(0, 2),
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/tone \(Tone\) is not marked/);

    const platform = api(desk.url, await login(desk.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: { email: 'admin@globex.test', password: PASSWORD, displayName: 'Hank' },
    });
    const globex = api(desk.url, await login(desk.url, 'admin@globex.test', PASSWORD));
    await globex('POST', '/api/users', {
      email: 'sup@globex.test',
      password: PASSWORD,
      displayName: 'G',
      role: 'supervisor',
    });
    const rival = api(desk.url, await login(desk.url, 'sup@globex.test', PASSWORD));
    expect((await rival('POST', '/api/scorecards', SCORECARD)).status).toBe(201);
    const foreign = await rival('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 3, 2),
    });
    expect(foreign.status).toBe(404);
    expect((await rival('GET', '/api/reviews')).body.total).toBe(0);
  });

  it('revises a scorecard as a new version without changing old reviews, and archives it', async () => {
    const revised = await as.supervisor('PUT', '/api/scorecards/chat-basics', {
      name: 'Chat basics',
      criteria: SCORECARD.criteria.slice(0, 2),
    });
    expect(revised.body).toMatchObject({ version: 2 });
    expect(revised.body.criteria).toHaveLength(2);
    const old = await as.qc('GET', `/api/reviews?reviewer=${ids.qc}`);
    expect(old.body.items[0]).toMatchObject({ scorecardVersion: 1, percent: 66.67 });
    expect(old.body.items[0].criteria).toHaveLength(3);
    expect((await as.qc('PUT', '/api/scorecards/chat-basics', SCORECARD)).status).toBe(403);

    expect((await as.supervisor('POST', '/api/scorecards/chat-basics/archive')).body).toMatchObject(
      {
        archived: true,
      },
    );
    expect((await as.qc('GET', '/api/scorecards')).body.items).toEqual([]);
    const late = await as.qc('POST', `/api/conversations/${closedId}/reviews`, {
      scorecardId: 'chat-basics',
      values: marks(true, 3, null).slice(0, 2),
    });
    expect(late.status).toBe(409);
    const trail = await desk.server.app.get<EventStore>(EVENT_STORE).readStream('scorecards-acme');
    expect(trail.map((e) => e.type)).toEqual([
      'ScorecardCreated',
      'ScorecardRevised',
      'ScorecardArchived',
    ]);
  });

  it('documents the routes in OpenAPI', async () => {
    const spec = (await fetch(`${desk.url}/api/docs-json`).then((r) => r.json())) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/scorecards',
        '/api/scorecards/{scorecardId}',
        '/api/scorecards/{scorecardId}/archive',
        '/api/conversations/{conversationId}/reviews',
        '/api/reviews',
      ]),
    );
  });
});
