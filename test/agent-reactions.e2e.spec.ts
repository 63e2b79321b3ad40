import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  api,
  login,
  createGlobex,
  GLOBEX_ADMIN,
} from './support/auth';
import { e2eApp } from './support/e2e-app';
import { FakeGraphServer, graphFixture } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import * as fb from './support/messenger/deliveries';
import { PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { eventsOf, typesOf } from './support/outbound';

const reactionsSent = (graph: FakeGraphServer) =>
  graph
    .requestsTo('/me/messages')
    .map((r) => r.body as { sender_action?: string; payload?: unknown })
    .filter((b) => b.sender_action === 'react' || b.sender_action === 'unreact');

describe('reactions and edits between a customer and their agent', () => {
  const desk = e2eApp({
    queue: { agents: 2, routingMode: 'offer', maxChats: 4 },
    env: { OUTBOX_RETRY_BASE_MS: '5', OUTBOX_RETRY_MAX_MS: '50' },
    resetGraph: true,
  });
  const { connect } = desk;
  let time = Date.now();

  /** Ada, ready, with the chat of a new customer who wrote `text`. */
  async function chatWith(psid: string, text: string) {
    const ada = await connect(desk.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    const mid = await customerWrites(desk.url, psid, text);
    const { conversationId } = await ada.next('chat:requested', (p) => p.customer.id === psid);
    expect((await ada.request('chat:accept', { conversationId })).ok).toBe(true);
    await ada.next('chat:assigned', (p) => p.conversationId === conversationId);
    return { ada, mid, conversationId };
  }

  const webhook = async (messaging: Record<string, unknown>) => {
    const response = await postWebhook(desk.url, fb.delivery(PAGE_ID, messaging));
    expect(response.status).toBe(200);
  };

  it('tells the agent live, and again in sync, when the customer edits a message or reacts to theirs', async () => {
    const { ada, mid, conversationId } = await chatWith('7100001', 'I need size 41');
    const sent = await ada.request('chat:send', {
      conversationId,
      clientMessageId: 'reply-1',
      text: 'We have it.',
    });
    const { mid: replyMid } = await ada.next(
      'chat:delivery',
      (p) => p.status === 'sent' && p.messageId === sent.messageId,
    );

    await webhook(fb.edit(PAGE_ID, '7100001', mid, 'I need size 42', ++time));
    expect(await ada.next('chat:message_edited')).toMatchObject({
      conversationId,
      messageId: mid,
      text: 'I need size 42',
      editCount: 1,
    });
    await webhook(fb.reaction(PAGE_ID, '7100001', replyMid, '❤️', ++time));
    expect(await ada.next('chat:reaction')).toMatchObject({
      conversationId,
      messageId: replyMid,
      by: 'customer',
      reaction: 'love',
      emoji: '❤️',
    });

    const synced = await ada.request('sync', {});
    const names = synced.chats
      .find((c: { conversationId: string }) => c.conversationId === conversationId)
      .events.map((e: { name: string }) => e.name);
    expect(names).toEqual(expect.arrayContaining(['chat:message_edited', 'chat:reaction']));
  });

  it('sends the agent’s reaction and its removal through the outbox, once each, and records both', async () => {
    const { ada, mid, conversationId } = await chatWith('7100002', 'Thanks a lot!');
    const reacted = await ada.request('chat:react', {
      conversationId,
      messageId: mid,
      reaction: 'love',
    });
    expect(reacted).toEqual({
      ok: true,
      conversationId,
      reactionId: `${conversationId}:reaction:1`,
    });
    expect(await ada.next('chat:reaction', (p) => p.by === 'agent')).toMatchObject({
      messageId: mid,
      reaction: 'love',
      emoji: '❤️',
      agentId: desk.agents[0]!.userId,
      reactionId: reacted.reactionId,
    });
    await ada.next(
      'chat:reaction_status',
      (p) => p.reactionId === reacted.reactionId && p.status === 'sent',
    );
    // The same reaction again is absorbed: nothing recorded, nothing sent.
    expect(
      await ada.request('chat:react', { conversationId, messageId: mid, reaction: 'love' }),
    ).toEqual({ ok: true, conversationId, reactionId: null });
    const removed = await ada.request('chat:react', {
      conversationId,
      messageId: mid,
      reaction: null,
    });
    await ada.next(
      'chat:reaction_status',
      (p) => p.reactionId === removed.reactionId && p.status === 'sent',
    );

    expect(reactionsSent(desk.graph)).toEqual([
      {
        recipient: { id: '7100002' },
        sender_action: 'react',
        payload: { message_id: mid, reaction: '❤️' },
      },
      { recipient: { id: '7100002' }, sender_action: 'unreact', payload: { message_id: mid } },
    ]);
    const events = await eventsOf(desk.server.app, conversationId);
    expect(typesOf(events).filter((t) => t.startsWith('AgentReaction'))).toEqual([
      'AgentReactionRequested',
      'AgentReactionSent',
      'AgentReactionRequested',
      'AgentReactionSent',
    ]);
    const requested = events.find((e) => e.type === 'AgentReactionRequested')!;
    expect(requested.metadata).toMatchObject({ actor: desk.agents[0]!.userId });

    // Supervisors read both in the transcript, with the agent who reacted.
    await settle(desk.server.app);
    const admin = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    const { body } = await admin('GET', `/api/conversations/${conversationId}/transcript`);
    expect(
      body.entries
        .filter((e: { type: string }) => e.type === 'agent_reacted')
        .map((e: { agent: { id: string }; details: object }) => [e.agent.id, e.details]),
    ).toEqual([
      [desk.agents[0]!.userId, { mid, reaction: 'love', emoji: '❤️' }],
      [desk.agents[0]!.userId, { mid, reaction: null, emoji: null }],
    ]);
    const text = await fetch(
      `${desk.url}/api/conversations/${conversationId}/transcript?format=txt`,
      {
        headers: {
          authorization: `Bearer ${await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD)}`,
        },
      },
    );
    expect(await text.text()).toContain(`reacted ❤️ to ${mid}`);
  });

  it('retries a reaction Facebook refused for now, and says so to the agent', async () => {
    const { ada, mid, conversationId } = await chatWith('7100003', 'Great service');
    let refusals = 0;
    desk.graph.use((r) =>
      (r.body as { sender_action?: string }).sender_action === 'react' && refusals++ === 0
        ? { status: 400, body: graphFixture('error-temporary') }
        : undefined,
    );
    const { reactionId } = await ada.request('chat:react', {
      conversationId,
      messageId: mid,
      reaction: 'like',
    });
    expect(await ada.next('chat:reaction_status', (p) => p.status === 'failed')).toMatchObject({
      reactionId,
      permanent: false,
    });
    await ada.next(
      'chat:reaction_status',
      (p) => p.reactionId === reactionId && p.status === 'sent',
    );
    expect(reactionsSent(desk.graph)).toHaveLength(2);
  });

  it('refuses a bad reaction, a message that is not the customer’s, another agent and another tenant, recording nothing', async () => {
    const { ada, mid, conversationId } = await chatWith('7100004', 'Hello there');
    await settle(desk.server.app);
    const before = (await eventsOf(desk.server.app, conversationId)).length;
    const refusal = async (client: AgentClient, payload: object) =>
      (await client.request('chat:react', payload)).error?.code;

    expect(
      await Promise.all([
        refusal(ada, { conversationId, messageId: mid, reaction: 'heart' }),
        refusal(ada, { conversationId, messageId: mid }),
        refusal(ada, { conversationId, messageId: '', reaction: 'love' }),
        refusal(ada, { conversationId, messageId: mid, reaction: 'love', extra: 1 }),
        refusal(ada, { conversationId, messageId: 'm_not_here', reaction: 'love' }),
        refusal(ada, { conversationId: 'no-such-chat', messageId: mid, reaction: 'love' }),
      ]),
    ).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'not_found', 'not_found']);
    const bob = await connect(desk.agents[1]!);
    expect(await refusal(bob, { conversationId, messageId: mid, reaction: 'love' })).toBe(
      'forbidden',
    );

    await createGlobex(desk.url);
    const globex = await setUpQueue(desk.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: GLOBEX_ADMIN,
    });
    const hank = await connect(globex.agents[0]!);
    expect(await refusal(hank, { conversationId, messageId: mid, reaction: 'love' })).toBe(
      'not_found',
    );

    await settle(desk.server.app);
    expect((await eventsOf(desk.server.app, conversationId)).length).toBe(before);
    expect(reactionsSent(desk.graph)).toEqual([]);
  });
});
