import { randomUUID } from 'node:crypto';
import { csatPayload } from '@pagedesk/conversation';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, login, createGlobex } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { conversations } from './support/inbound';
import { delivery, text } from './support/messenger/deliveries';
import { APP_ID, APP_SECRET, postWebhook } from './support/messenger/webhooks';
import { sentMessages } from './support/outbound';
import { agentCommand, settleReadModels } from './support/read-models';

const PAGE = '555000111222444';
const CUSTOMER = '7392015648120777';
const PASSWORD = 'a long enough passphrase';
const QUESTION = 'How did we do today?';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const AROUND = () =>
  `period=custom&from=${day(Date.now() - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`;

/** The customer taps a quick reply: Messenger sends its title as text and its payload beside it. */
const tap = (mid: string, title: string, payload: string, at: number) =>
  delivery(PAGE, {
    sender: { id: CUSTOMER },
    recipient: { id: PAGE },
    timestamp: at,
    message: { mid, text: title, quick_reply: { payload } },
  });

describe('CSAT: a survey after the close, its answer in the transcript and the figures', () => {
  const desk = e2eApp();
  let acme: ReturnType<typeof api>;
  let globex: ReturnType<typeof api>;
  let supervisor: ReturnType<typeof api>;
  let agentId: string;
  let conversationId: string;

  const eventsOf = async (id: string) =>
    (await conversations(desk.server.app)).get(`conversation-${id}`) ?? [];

  beforeAll(async () => {
    acme = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    await createGlobex(desk.url, 'G');
    globex = api(desk.url, await login(desk.url, 'admin@globex.test', 'globex admin passphrase'));
    await acme('POST', '/api/queues', {
      queueId: 'support',
      name: 'Support',
      routingMode: 'offer',
    });
    for (const role of ['agent', 'supervisor'] as const) {
      const created = await acme('POST', '/api/users', {
        email: `${role}@acme.test`,
        password: PASSWORD,
        displayName: `Sam ${role}`,
        role,
      });
      expect(created.status).toBe(201);
      if (role === 'agent') agentId = created.body.userId;
    }
    supervisor = api(desk.url, await login(desk.url, 'supervisor@acme.test', PASSWORD));
    const page = await acme('POST', '/api/pages', {
      pageId: PAGE,
      name: 'Acme Help',
      appId: APP_ID,
      accessToken: 'EAAG-page-token-csat',
      appSecret: APP_SECRET,
      queueId: 'support',
    });
    expect(page).toMatchObject({ status: 201, body: { csatSurvey: null } });
  });
  it('configures the survey on the page, validated, and only in its own tenant', async () => {
    const bad: [unknown, string][] = [
      [{ question: '   ', scale: 'five_point' }, 'csatSurvey.question must not be blank'],
      [{ question: 'x'.repeat(641), scale: 'thumbs' }, 'csatSurvey.question must be at most 640'],
      [{ question: 'How?', scale: 'stars' }, 'csatSurvey.scale must be one of five_point, thumbs'],
      ['yes please', 'csatSurvey must be an object { question, scale } or null'],
    ];
    for (const [csatSurvey, message] of bad) {
      const refused = await acme('PATCH', `/api/pages/${PAGE}`, { csatSurvey });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid' });
      expect(refused.body.error.message).toContain(message);
    }
    const stolen = await globex('PATCH', `/api/pages/${PAGE}`, {
      csatSurvey: { question: 'Mine now?', scale: 'thumbs' },
    });
    expect(stolen).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const set = await acme('PATCH', `/api/pages/${PAGE}`, {
      csatSurvey: { question: `  ${QUESTION} `, scale: 'five_point' },
    });
    expect(set).toMatchObject({
      status: 200,
      body: { csatSurvey: { question: QUESTION, scale: 'five_point' } },
    });
    const docs = (await (await fetch(`${desk.url}/api/docs-json`)).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(docs.components.schemas.CsatSurveyDto?.properties ?? {})).toEqual([
      'question',
      'scale',
    ]);
  });

  it('asks after the agent closes, through the outbox, as quick replies inside the window', async () => {
    const t = Date.now() - 5_000;
    await postWebhook(desk.url, delivery(PAGE, text(PAGE, CUSTOMER, 'm_1', 'Help!', t)));
    await settleReadModels(desk.server.app);
    const streams = [...(await conversations(desk.server.app)).keys()];
    expect(streams).toHaveLength(1);
    conversationId = streams[0]!.slice('conversation-'.length);
    const now = Date.now();
    await agentCommand(desk.server.app, conversationId!, agentId, now, {
      type: 'AcceptConversation',
      data: { agentId },
    });
    await agentCommand(desk.server.app, conversationId!, agentId, now + 1, {
      type: 'CloseConversation',
      data: { agentId },
    });
    await settleReadModels(desk.server.app);

    const [survey] = sentMessages(desk.graph);
    expect(survey?.body).toMatchObject({
      recipient: { id: CUSTOMER },
      messaging_type: 'RESPONSE',
      message: { text: QUESTION },
    });
    const replies = (survey!.body as { message: { quick_replies: { payload: string }[] } }).message
      .quick_replies;
    expect(replies.map((r) => r.payload)).toEqual(
      ['1', '2', '3', '4', '5'].map((c) =>
        expect.stringMatching(new RegExp(`^PAGEDESK_CSAT:.+:${c}$`)),
      ),
    );
    const events = await eventsOf(conversationId);
    const asked = events.find((e) => e.type === 'CsatSurveyRequested')!;
    expect(asked.data).toMatchObject({ agentId, question: QUESTION, scale: 'five_point' });
    expect(asked.metadata.actor).toBe('system');
    expect(events.find((e) => e.type === 'AgentMessageSent')?.data.messageId).toBe(
      asked.data.surveyId,
    );
  });

  it('records the first answer once, on the closed conversation; a second tap records nothing', async () => {
    const surveyId = (await eventsOf(conversationId)).find((e) => e.type === 'CsatSurveyRequested')!
      .data.surveyId as string;
    const before = (await conversations(desk.server.app)).size;
    await postWebhook(desk.url, tap('m_tap_1', '4', csatPayload(surveyId, '4'), Date.now()));
    await postWebhook(desk.url, tap('m_tap_1', '4', csatPayload(surveyId, '4'), Date.now()));
    await postWebhook(desk.url, tap('m_tap_2', '1', csatPayload(surveyId, '1'), Date.now()));
    await settleReadModels(desk.server.app);
    const answers = (await eventsOf(conversationId)).filter((e) => e.type === 'CsatAnswered');
    expect(answers.map((e) => e.data)).toEqual([
      expect.objectContaining({ surveyId, mid: 'm_tap_1', choice: '4', scale: 'five_point' }),
    ]);
    expect(answers[0]!.metadata.actor).toBe('facebook');
    // The answer did not open a conversation for an agent.
    expect((await conversations(desk.server.app)).size).toBe(before);
  });

  it('shows the answer in the transcript, txt export included', async () => {
    const { body } = await supervisor(
      'GET',
      `/api/conversations/${conversationId}/transcript?format=json`,
    );
    const answer = body.entries.find((e: { type: string }) => e.type === 'csat_answer');
    expect(answer).toMatchObject({
      kind: 'customer',
      text: '4',
      mid: 'm_tap_1',
      details: { scale: 'five_point', choice: '4' },
    });
    expect(
      body.entries.find(
        (e: { details: { trigger?: string } }) => e.details.trigger === 'csat_survey',
      ),
    ).toMatchObject({ kind: 'automatic', text: QUESTION, delivery: expect.any(String) });
    const txt = await fetch(
      `${desk.url}/api/conversations/${conversationId}/transcript?format=txt`,
      {
        headers: {
          authorization: `Bearer ${await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD)}`,
        },
      },
    );
    expect(await txt.text()).toContain('[satisfaction] 4 of 5');
  });

  it('counts it for the closing agent and the queue, in JSON and CSV', async () => {
    const expected = { surveyed: 1, answered: 1, satisfied: 1, share: 1, averageRating: 4 };
    const byAgent = await supervisor('GET', `/api/service-figures?${AROUND()}&by=agent`);
    expect(byAgent.body.groups).toEqual([
      expect.objectContaining({
        key: agentId,
        figures: expect.objectContaining({ csat: expected }),
      }),
    ]);
    const byQueue = await supervisor('GET', `/api/service-figures?${AROUND()}&by=queue`);
    const support = byQueue.body.groups.find((g: { key: string }) => g.key === 'support');
    expect(support.figures.csat).toEqual(expected);
    const csv = await fetch(`${desk.url}/api/service-figures?${AROUND()}&by=agent&format=csv`, {
      headers: { authorization: `Bearer ${await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD)}` },
    });
    const [header, row] = (await csv.text()).split('\r\n');
    expect(header).toMatch(
      /,csat_surveyed,csat_answered,csat_satisfied,csat_share,csat_average_rating$/,
    );
    expect(row).toMatch(new RegExp(`^agent,${agentId},Sam agent,.*,1,1,1,1,4$`));
  });

  it('takes a payload for no survey of this conversation as an ordinary message (a new conversation)', async () => {
    const before = (await conversations(desk.server.app)).size;
    await postWebhook(desk.url, tap('m_forged', '5', csatPayload(randomUUID(), '5'), Date.now()));
    await settleReadModels(desk.server.app);
    const streams = await conversations(desk.server.app);
    expect(streams.size).toBe(before + 1);
    const all = [...streams.values()].flat();
    expect(all.filter((e) => e.type === 'CsatAnswered')).toHaveLength(1);
    expect(
      all.find((e) => e.type === 'CustomerMessageReceived' && e.data.mid === 'm_forged'),
    ).toBeDefined();
  });

  it('never sends a survey once the 24-hour window has closed, even one asked just inside it', async () => {
    const late = '7392015648120888';
    const wroteAt = Date.now() - 24 * 3_600_000 - 60_000;
    await postWebhook(desk.url, delivery(PAGE, text(PAGE, late, 'm_old', 'Hello?', wroteAt)));
    await settleReadModels(desk.server.app);
    const id = [...(await conversations(desk.server.app)).entries()]
      .find(([, events]) => events.some((e) => e.data.mid === 'm_old'))![0]
      .slice('conversation-'.length);
    // Closed 10 s before the window ends (metadata.now): the decider asks...
    const closedAt = wroteAt + 24 * 3_600_000 - 10_000;
    await agentCommand(desk.server.app, id, agentId, closedAt, {
      type: 'AcceptConversation',
      data: { agentId },
    });
    await agentCommand(desk.server.app, id, agentId, closedAt, {
      type: 'CloseConversation',
      data: { agentId },
    });
    await settleReadModels(desk.server.app);
    const events = await eventsOf(id);
    const asked = events.find((e) => e.type === 'CsatSurveyRequested');
    expect(asked).toBeDefined();
    // ...but by the time the outbox would send, the window is gone: given up, never sent.
    expect(events.find((e) => e.type === 'AgentMessageFailed')?.data).toMatchObject({
      messageId: asked!.data.surveyId,
      permanent: true,
      reason: "Messenger's 24-hour window closed before the satisfaction survey could be sent",
    });
    expect(sentMessages(desk.graph).filter((r) => JSON.stringify(r.body).includes(late))).toEqual(
      [],
    );
  });
});
