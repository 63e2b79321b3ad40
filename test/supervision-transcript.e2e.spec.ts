import { e2eApp } from './support/e2e-app';
import { delivery, image, postback, quickReply, text } from './support/messenger/deliveries';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, login } from './support/auth';
import { graphFixture } from './support/fake-graph/fake-graph-server';
import { conversations } from './support/inbound';
import { PAGE_ID, postWebhook, PSID, SECOND_PAGE_ID } from './support/messenger/webhooks';
import { agentCommand, settleReadModels } from './support/read-models';

const PASSWORD = 'a long enough passphrase';
/**
 * Facebook's time of the first message, a second ago. The conversation is
 * queued on Pagedesk's clock when that webhook is handled (now); everything
 * after it happens from T + 30 s on, so the order never depends on how fast
 * this machine is.
 */
const T = Math.floor(Date.now() / 1000) * 1000 - 1_000;
const S = T + 30_000;

const receipt = (kind: 'delivery' | 'read', watermark: number, mids?: string[]) => ({
  sender: { id: PSID },
  recipient: { id: PAGE_ID },
  timestamp: watermark + 50,
  [kind]: kind === 'delivery' ? { mids, watermark } : { watermark },
});

describe('supervision: transcripts and the conversation list', () => {
  const desk = e2eApp({
    prepareGraph: (graph) =>
      graph.setProfile(PSID, graphFixture('profile') as Record<string, unknown>),
  });
  let call: ReturnType<typeof api>;
  let conversationId: string;
  const agents: Record<'anna' | 'ben' | 'carl', { id: string; token: string }> = {} as never;

  const send = async (...messaging: Record<string, unknown>[]) => {
    expect((await postWebhook(desk.url, delivery(PAGE_ID, ...messaging))).status).toBe(200);
    await settleReadModels(desk.server.app);
  };
  const sentMids: string[] = [];
  /** The mid Facebook (the fake) gave an agent message when the outbox sent it. */
  const sentMid = async (messageId: string): Promise<string> => {
    const events =
      (await conversations(desk.server.app)).get(`conversation-${conversationId}`) ?? [];
    const sent = events.find(
      (e) => e.type === 'AgentMessageSent' && e.data.messageId === messageId,
    );
    if (!sent) throw new Error(`${messageId} was not sent`);
    return String(sent.data.mid);
  };
  const asAgent = (
    who: keyof typeof agents,
    at: number,
    command: Parameters<typeof agentCommand>[4],
  ) => agentCommand(desk.server.app, conversationId, agents[who].id, at, command);

  beforeAll(async () => {
    call = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    for (const [key, displayName] of [
      ['anna', 'Anna Agent'],
      ['ben', 'Ben Agent'],
      ['carl', 'Carl Agent'],
    ] as const) {
      const email = `${key}@acme.test`;
      const created = await call('POST', '/api/users', {
        email,
        password: PASSWORD,
        displayName,
        role: 'agent',
      });
      expect(created.status).toBe(201);
      agents[key] = { id: created.body.userId, token: await login(desk.url, email, PASSWORD) };
    }

    await send(text(PAGE_ID, PSID, 'm_hello', 'Hi, my tent pole broke', T));
    [conversationId] = [...(await conversations(desk.server.app)).keys()].map((s) =>
      s.slice('conversation-'.length),
    );
    await send(image(PAGE_ID, PSID, 'm_photo', 'https://cdn.example/pole.jpg', S));
    await send(postback(PAGE_ID, PSID, 'm_button', 'WARRANTY', S + 1_000));
    await asAgent('anna', S + 2_000, {
      type: 'AcceptConversation',
      data: { agentId: agents.anna.id },
    });
    await asAgent('anna', S + 3_000, {
      type: 'RequestAgentMessage',
      data: {
        messageId: 'out-1',
        clientMessageId: 'c-1',
        agentId: agents.anna.id,
        content: {
          kind: 'text',
          text: 'Sorry to hear that! What is your email?',
          quickReplies: [],
        },
        humanAgentTagAllowed: false,
      },
    });
    // The outbox sends it through the fake Graph API; Facebook's receipts follow.
    await settleReadModels(desk.server.app);
    sentMids.push(await sentMid('out-1'));
    await send(receipt('delivery', S + 3_100, [sentMids[0]!]));
    await send(receipt('read', S + 3_100));
    await send(quickReply(PAGE_ID, PSID, 'm_email', 'anna.schmidt@example.com', S + 4_000));
    await asAgent('anna', S + 5_000, {
      type: 'AssignAgent',
      data: { agentId: agents.ben.id, assignedBy: agents.anna.id },
    });
    await asAgent('ben', S + 6_000, {
      type: 'RequestAgentMessage',
      data: {
        messageId: 'out-2',
        clientMessageId: 'c-2',
        agentId: agents.ben.id,
        content: { kind: 'text', text: 'A new pole is on its way.', quickReplies: [] },
        humanAgentTagAllowed: false,
      },
    });
    await settleReadModels(desk.server.app);
    sentMids.push(await sentMid('out-2'));
    await asAgent('ben', S + 7_000, {
      type: 'CloseConversation',
      data: { agentId: agents.ben.id },
    });
    await settleReadModels(desk.server.app);
  });
  it('gives the whole conversation in order: messages, receipts, contact info, transfer, close', async () => {
    const { status, body } = await call('GET', `/api/conversations/${conversationId}/transcript`);
    expect(status).toBe(200);
    const anna = { id: agents.anna.id, name: 'Anna Agent' };
    const ben = { id: agents.ben.id, name: 'Ben Agent' };
    const view = (body.entries as Record<string, unknown>[]).map(({ id: _id, ...entry }) => entry);
    const none = { edits: [], reaction: null, failure: null };
    expect(body).toMatchObject({
      conversationId,
      tenantId: 'acme',
      pageId: PAGE_ID,
      customerName: 'Anna Schmidt',
    });
    expect(view).toEqual([
      {
        at: T,
        kind: 'customer',
        type: 'message',
        agent: null,
        mid: 'm_hello',
        text: 'Hi, my tent pole broke',
        details: { attachments: [], quickReplyPayload: null, replyToMid: null },
        delivery: null,
        ...none,
      },
      {
        at: expect.any(Number),
        kind: 'system',
        type: 'queued',
        agent: null,
        mid: null,
        text: null,
        details: { queue: expect.any(String) },
        delivery: null,
        ...none,
      },
      {
        at: S,
        kind: 'customer',
        type: 'message',
        agent: null,
        mid: 'm_photo',
        text: null,
        details: {
          attachments: [
            expect.objectContaining({ type: 'image', url: 'https://cdn.example/pole.jpg' }),
          ],
          quickReplyPayload: null,
          replyToMid: null,
        },
        delivery: null,
        ...none,
      },
      {
        at: S + 1_000,
        kind: 'customer',
        type: 'postback',
        agent: null,
        mid: 'm_button',
        text: 'warranty',
        details: { payload: 'WARRANTY', referral: null, standby: false },
        delivery: null,
        ...none,
      },
      {
        at: S + 2_000,
        kind: 'system',
        type: 'assigned',
        agent: anna,
        mid: null,
        text: null,
        details: { previousAgentId: null, assignedBy: agents.anna.id },
        delivery: null,
        ...none,
      },
      {
        at: S + 3_000,
        kind: 'agent',
        type: 'message',
        agent: anna,
        mid: sentMids[0],
        text: 'Sorry to hear that! What is your email?',
        details: {
          content: {
            kind: 'text',
            text: 'Sorry to hear that! What is your email?',
            quickReplies: [],
          },
        },
        delivery: 'read',
        ...none,
      },
      {
        at: S + 4_000,
        kind: 'customer',
        type: 'message',
        agent: null,
        mid: 'm_email',
        text: 'anna.schmidt@example.com',
        details: {
          attachments: [],
          quickReplyPayload: 'anna.schmidt@example.com',
          replyToMid: null,
        },
        delivery: null,
        ...none,
      },
      {
        at: S + 4_000,
        kind: 'system',
        type: 'contact_shared',
        agent: null,
        mid: null,
        text: null,
        details: { kind: 'email', value: 'anna.schmidt@example.com', mid: 'm_email' },
        delivery: null,
        ...none,
      },
      {
        at: S + 5_000,
        kind: 'system',
        type: 'transferred',
        agent: ben,
        mid: null,
        text: null,
        details: { previousAgentId: agents.anna.id, assignedBy: agents.anna.id },
        delivery: null,
        ...none,
      },
      {
        at: S + 6_000,
        kind: 'agent',
        type: 'message',
        agent: ben,
        mid: sentMids[1],
        text: 'A new pole is on its way.',
        details: { content: { kind: 'text', text: 'A new pole is on its way.', quickReplies: [] } },
        delivery: 'sent',
        ...none,
      },
      {
        at: S + 7_000,
        kind: 'system',
        type: 'closed',
        agent: ben,
        mid: null,
        text: null,
        details: {},
        delivery: null,
        ...none,
      },
    ]);
  });

  it('lists the conversation with its customer, agents, times and counts', async () => {
    const { status, body } = await call('GET', '/api/conversations?status=closed&customer=schmidt');
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        conversationId,
        tenantId: 'acme',
        pageId: PAGE_ID,
        status: 'closed',
        customer: {
          kind: 'psid',
          id: PSID,
          name: 'Anna Schmidt',
          guest: false,
          contacts: [{ kind: 'email', value: 'anna.schmidt@example.com' }],
        },
        agentId: agents.ben.id,
        agentIds: [agents.anna.id, agents.ben.id],
        startedAt: T,
        firstAssignedAt: S + 2_000,
        closedAt: S + 7_000,
        handleMs: 5_000,
        messages: { customer: 4, agent: 2, automatic: 0, page: 0 },
      }),
    ]);
    expect(body.items[0].waitMs).toBeGreaterThan(0);
    expect(body.nextCursor).toBeNull();
    expect((await call('GET', '/api/conversations?status=assigned')).body.items).toEqual([]);
  });

  it('exports the transcript as text and as CSV', async () => {
    const txt = await fetch(
      `${desk.url}/api/conversations/${conversationId}/transcript?format=txt`,
      {
        headers: { authorization: `Bearer ${agents.ben.token}` },
      },
    );
    expect(txt.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await txt.text()).split('\n');
    expect(lines).toContain(`${new Date(T).toISOString()}  Anna Schmidt: Hi, my tent pole broke`);
    expect(lines).toContain(
      `${new Date(S + 3_000).toISOString()}  Anna Agent: Sorry to hear that! What is your email? [read]`,
    );
    expect(lines).toContain(
      `${new Date(S + 5_000).toISOString()}  System: transferred from ${agents.anna.id} to Ben Agent`,
    );
    const csv = await call('GET', `/api/conversations/${conversationId}/transcript?format=csv`);
    const rows = (csv.body as string).trimEnd().split('\r\n');
    expect(rows[0]).toBe('at,kind,type,author,text,delivery,mid,details');
    expect(rows).toHaveLength(12);
    expect(rows[1]).toMatch(
      /^[^,]+,customer,message,Anna Schmidt,"?Hi, my tent pole broke"?,,m_hello,/,
    );
  });

  it("shows agents only the conversations they took part in, and no tenant another tenant's", async () => {
    const as = (who: keyof typeof agents) => api(desk.url, agents[who].token);
    expect(
      (await as('anna')('GET', `/api/conversations/${conversationId}/transcript`)).status,
    ).toBe(200);
    const carl = await as('carl')('GET', `/api/conversations/${conversationId}/transcript`);
    expect(carl.status).toBe(404);
    expect(carl.body).toEqual({
      error: { code: 'not_found', message: `no conversation ${conversationId}` },
    });
    expect((await as('carl')('GET', '/api/conversations')).body.items).toEqual([]);
    expect((await as('anna')('GET', '/api/conversations')).body.items).toHaveLength(1);
    expect((await as('carl')('GET', `/api/conversations?agent=${agents.anna.id}`)).status).toBe(
      403,
    );

    expect(
      (
        await postWebhook(
          desk.url,
          delivery(SECOND_PAGE_ID, text(SECOND_PAGE_ID, PSID, 'm_globex', 'hello globex', T)),
        )
      ).status,
    ).toBe(200);
    await settleReadModels(desk.server.app);
    const globex = [...(await conversations(desk.server.app)).keys()]
      .map((s) => s.slice('conversation-'.length))
      .find((id) => id !== conversationId)!;
    expect((await call('GET', `/api/conversations/${globex}/transcript`)).status).toBe(404);
    expect(
      (await call('GET', '/api/conversations')).body.items.map(
        (c: { conversationId: string }) => c.conversationId,
      ),
    ).toEqual([conversationId]);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['status=open', 'status'],
      ['from=yesterday', 'from'],
      ['limit=0', 'limit'],
      ['colour=red', 'colour'],
    ]) {
      const { status, body } = await call('GET', `/api/conversations?${query}`);
      expect({ query, status, code: body.error.code }).toEqual({
        query,
        status: 400,
        code: 'invalid',
      });
      expect(body.error.message).toContain(field);
    }
    expect((await call('GET', '/api/conversations?cursor=garbage')).status).toBe(400);
  });

  it('reports each projection and its lag on /ready', async () => {
    const ready = (await fetch(`${desk.url}/ready`).then((r) => r.json())) as {
      details: { background: { status: string; parts: Record<string, unknown>[] } };
    };
    expect(ready.details.background.status).toBe('up');
    const projections = ready.details.background.parts.filter((p) => p.kind === 'projection');
    expect(projections.map((p) => p.name)).toEqual([
      'conversation-list',
      'transcript',
      'service-figures',
      'qc-reviews',
      'customers',
    ]);
    for (const projection of projections) {
      expect(projection).toMatchObject({
        state: 'running',
        lag: { events: 0, ms: 0 },
        position: expect.any(Number),
        lastError: null,
      });
    }
  });
});
