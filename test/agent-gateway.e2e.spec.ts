import { AgentClient, customerWrites, quietFor, setUpQueue } from './support/agents';
import { api, login, createGlobex, GLOBEX_ADMIN } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { PAGE_ID, SECOND_PAGE_ID } from './support/messenger/webhooks';

describe('agent gateway: offers, accept, send, close', () => {
  const desk = e2eApp({ queue: { agents: 2, routingMode: 'offer', maxChats: 4 } });
  const { connect } = desk;

  it('offers a new chat to every ready agent, gives it to the first to accept and withdraws it from the other', async () => {
    const [ada, bob] = [await connect(desk.agents[0]!), await connect(desk.agents[1]!)];
    expect(await ada.request('agent:status', { status: 'ready' })).toEqual({
      ok: true,
      status: 'ready',
    });
    expect((await bob.request('agent:status', { status: 'ready' })).ok).toBe(true);

    const mid = await customerWrites(desk.url, '6000001', 'is the tent waterproof?');
    const offer = await ada.next('chat:requested');
    expect(offer).toMatchObject({
      pageId: PAGE_ID,
      pageName: 'Acme Outdoor Gear',
      queue: 'default',
      customer: { kind: 'psid', id: '6000001', guest: false },
      firstMessages: [{ author: 'customer', messageId: mid, text: 'is the tent waterproof?' }],
    });
    expect(typeof offer.position).toBe('number');
    await bob.next('chat:requested', (p) => p.conversationId === offer.conversationId);

    expect(await ada.request('chat:accept', { conversationId: offer.conversationId })).toEqual({
      ok: true,
      conversationId: offer.conversationId,
    });
    const assigned = await ada.next('chat:assigned');
    expect(assigned).toMatchObject({
      conversationId: offer.conversationId,
      agentId: desk.agents[0]!.userId,
    });
    expect(assigned.position).toBeGreaterThan(offer.position);
    const withdrawn = await bob.next('chat:request_withdrawn');
    expect(withdrawn).toMatchObject({ conversationId: offer.conversationId });
    expect(
      await bob.request('chat:accept', { conversationId: offer.conversationId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    // Follow-ups reach the agent who has the chat, and only them.
    const followUp = await customerWrites(desk.url, '6000001', 'and the price?');
    const message = await ada.next('chat:message', (p) => p.messageId === followUp);
    expect(message).toMatchObject({
      conversationId: offer.conversationId,
      author: 'customer',
      text: 'and the price?',
    });
    expect(message.position).toBeGreaterThan(assigned.position);

    const sent = await ada.request('chat:send', {
      conversationId: offer.conversationId,
      clientMessageId: 'c-1',
      text: 'Yes, fully waterproof.',
    });
    expect(sent).toEqual(
      expect.objectContaining({ ok: true, conversationId: offer.conversationId }),
    );
    await ada.next('chat:message', (p) => p.author === 'agent' && p.messageId === sent.messageId);
    await ada.next('chat:delivery', (p) => p.messageId === sent.messageId && p.status === 'sent');
    expect(
      await bob.request('chat:send', {
        conversationId: offer.conversationId,
        clientMessageId: 'c-2',
        text: 'hi',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bob.request('chat:close', { conversationId: offer.conversationId })).toMatchObject(
      {
        ok: false,
        error: { code: 'forbidden' },
      },
    );

    expect(await ada.request('chat:close', { conversationId: offer.conversationId })).toEqual({
      ok: true,
      conversationId: offer.conversationId,
    });
    expect(await ada.next('chat:ended')).toMatchObject({
      conversationId: offer.conversationId,
      reason: 'agent_closed',
    });
    expect(await ada.request('chat:close', { conversationId: offer.conversationId })).toMatchObject(
      {
        ok: false,
        error: { code: 'conflict' },
      },
    );
    expect(bob.all('chat:message')).toEqual([]);
    await quietFor(50);
  });

  it('lets exactly one of two racing agents win each of 100 chats, and leaves none unassigned', async () => {
    const [ada, bob] = [await connect(desk.agents[0]!), await connect(desk.agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    await bob.request('agent:status', { status: 'ready' });
    const wins = { ada: 0, bob: 0 };
    for (let round = 0; round < 100; round++) {
      const psid = `61${String(round).padStart(5, '0')}`;
      await customerWrites(desk.url, psid);
      const offer = await ada.next('chat:requested', (p) => p.customer.id === psid);
      const { conversationId } = offer;
      await bob.next('chat:requested', (p) => p.conversationId === conversationId);
      const [a, b] = await Promise.all([
        ada.request('chat:accept', { conversationId }),
        bob.request('chat:accept', { conversationId }),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const [winner, loser, loserAck] = a.ok ? [ada, bob, b] : [bob, ada, a];
      wins[a.ok ? 'ada' : 'bob'] += 1;
      expect(loserAck.error.code).toBe('conflict');
      await winner.next('chat:assigned', (p) => p.conversationId === conversationId);
      await loser.next('chat:request_withdrawn', (p) => p.conversationId === conversationId);
      expect((await winner.request('chat:close', { conversationId })).ok).toBe(true);
      await winner.next('chat:ended', (p) => p.conversationId === conversationId);
    }
    expect(wins.ada + wins.bob).toBe(100);
    const assigned = [...ada.all('chat:assigned'), ...bob.all('chat:assigned')];
    expect(new Set(assigned.map((p) => p.conversationId)).size).toBe(100);
    expect(assigned).toHaveLength(100);
    const admin = api(
      desk.url,
      await login(desk.url, 'admin@acme.test', 'acme admin passphrase 1'),
    );
    const queued = await admin('GET', '/api/conversations?status=queued');
    expect(queued.body.items).toEqual([]);
  });

  it('refuses sockets without a valid token or with the wrong role, and answers another tenant with not_found', async () => {
    await expect(AgentClient.connect(desk.url, undefined)).rejects.toMatchObject({
      message: 'missing access token',
      data: { code: 'unauthorized' },
    });
    await expect(AgentClient.connect(desk.url, 'not.a.jwt')).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    const forged = `${desk.agents[0]!.token.slice(0, -4)}AAAA`;
    await expect(AgentClient.connect(desk.url, forged)).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    const admin = await login(desk.url, 'admin@acme.test', 'acme admin passphrase 1');
    await expect(AgentClient.connect(desk.url, admin)).rejects.toMatchObject({
      data: { code: 'forbidden' },
    });

    const tenant = await createGlobex(desk.url);
    expect(tenant.status).toBe(201);
    const globex = await setUpQueue(desk.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: GLOBEX_ADMIN,
    });
    const hank = await connect(globex.agents[0]!);
    await hank.request('agent:status', { status: 'ready' });
    const ada = await connect(desk.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });

    await customerWrites(desk.url, '6200001', 'acme question');
    const acmeChat = await ada.next('chat:requested', (p) => p.customer.id === '6200001');
    await customerWrites(desk.url, '6200002', 'globex question', SECOND_PAGE_ID);
    const globexChat = await hank.next('chat:requested', (p) => p.customer.id === '6200002');
    const { conversationId } = acmeChat;
    for (const [event, payload] of [
      ['chat:accept', { conversationId }],
      ['chat:send', { conversationId, clientMessageId: 'x', text: 'hi' }],
      ['chat:typing', { conversationId, on: true }],
      ['chat:close', { conversationId }],
      ['chat:transfer', { conversationId, toQueueId: 'default' }],
    ] as const) {
      expect(await hank.request(event, payload)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
    expect(
      await ada.request('chat:accept', { conversationId: globexChat.conversationId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await ada.request('chat:accept', { conversationId });
    await customerWrites(desk.url, '6200001', 'still acme');
    await ada.next('chat:message', (p) => p.text === 'still acme');
    expect(hank.received.filter((r) => r.payload?.conversationId === conversationId)).toEqual([]);
    expect(
      ada.received.filter((r) => r.payload?.conversationId === globexChat.conversationId),
    ).toEqual([]);
    // Wrong agent in the same tenant: forbidden.
    const bob = await connect(desk.agents[1]!);
    for (const [event, payload] of [
      ['chat:send', { conversationId, clientMessageId: 'y', text: 'hi' }],
      ['chat:typing', { conversationId, on: true }],
      ['chat:close', { conversationId }],
      ['chat:transfer', { conversationId, toAgentId: desk.agents[1]!.userId }],
    ] as const) {
      expect(await bob.request(event, payload)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect((await ada.request('chat:close', { conversationId })).ok).toBe(true);
  });

  it('answers every malformed payload with invalid and keeps serving', async () => {
    const ada = await connect(desk.agents[0]!);
    const garbage: unknown[] = [
      undefined,
      null,
      'text',
      42,
      [],
      { conversationId: 5 },
      { unexpected: true },
    ];
    const events = [
      'agent:status',
      'chat:accept',
      'chat:send',
      'chat:typing',
      'chat:close',
      'chat:transfer',
    ];
    for (const event of events) {
      for (const payload of garbage) {
        const ack = await ada.request(event, payload);
        expect({ event, payload, ack }).toMatchObject({
          ack: { ok: false, error: { code: 'invalid' } },
        });
        expect(typeof ack.error.message).toBe('string');
      }
    }
    expect(await ada.request('agent:status', { status: 'away' })).toMatchObject({
      error: { code: 'invalid', message: expect.stringContaining('status') },
    });
    expect(
      await ada.request('chat:send', {
        conversationId: 'c',
        clientMessageId: 'x',
        text: 'a',
        content: { kind: 'text', text: 'b' },
      }),
    ).toMatchObject({ error: { code: 'invalid' } });
    expect(await ada.request('chat:transfer', { conversationId: 'c' })).toMatchObject({
      error: { code: 'invalid' },
    });
    expect(await ada.request('sync', 'nonsense')).toMatchObject({ error: { code: 'invalid' } });
    expect(await ada.request('sync', { extra: 1 })).toMatchObject({ error: { code: 'invalid' } });
    expect(await ada.request('sync', {})).toMatchObject({ ok: true, chats: [], offers: [] });
    expect(await ada.request('agent:status', { status: 'not_ready' })).toEqual({
      ok: true,
      status: 'not_ready',
    });
  });

  it('transfers a chat to a colleague, who gets it with its history, and back to the queue, where it is offered again', async () => {
    const [ada, bob] = [await connect(desk.agents[0]!), await connect(desk.agents[1]!)];
    await ada.request('agent:status', { status: 'ready' });
    await bob.request('agent:status', { status: 'ready' });
    const mid = await customerWrites(desk.url, '6000099', 'can someone else help me?');
    const offer = await ada.next('chat:requested', (p) => p.customer?.id === '6000099');
    const { conversationId } = offer;
    expect((await ada.request('chat:accept', { conversationId })).ok).toBe(true);
    await ada.next('chat:assigned', (p) => p.conversationId === conversationId);

    expect(
      await ada.request('chat:transfer', { conversationId, toAgentId: desk.agents[1]!.userId }),
    ).toEqual({
      ok: true,
      conversationId,
    });
    expect(
      await bob.next('chat:assigned', (p) => p.conversationId === conversationId),
    ).toMatchObject({
      agentId: desk.agents[1]!.userId,
    });
    expect(await ada.next('chat:ended', (p) => p.conversationId === conversationId)).toMatchObject({
      reason: 'transferred',
    });
    const bobsChats = (await bob.request('sync', {})).chats as {
      conversationId: string;
      events: { payload: { messageId?: string } }[];
    }[];
    const transferred = bobsChats.find((c) => c.conversationId === conversationId);
    expect(transferred?.events.some((e) => e.payload.messageId === mid)).toBe(true);
    expect(
      await ada.request('chat:send', {
        conversationId,
        clientMessageId: 'after-transfer',
        text: 'still me?',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    expect((await bob.request('chat:transfer', { conversationId, toQueueId: 'default' })).ok).toBe(
      true,
    );
    await bob.next(
      'chat:ended',
      (p) => p.conversationId === conversationId && p.reason === 'transferred',
    );
    const offeredAgain = await ada.next(
      'chat:requested',
      (p) => p.conversationId === conversationId && p.position > offer.position,
    );
    expect(offeredAgain.conversationId).toBe(conversationId);
    // Leave nothing queued for the tests after this one.
    expect((await ada.request('chat:accept', { conversationId })).ok).toBe(true);
    expect((await ada.request('chat:close', { conversationId })).ok).toBe(true);
  });
});
