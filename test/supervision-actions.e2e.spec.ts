import { randomUUID } from 'node:crypto';
import { AgentClient, customerWrites } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, login } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { conversations } from './support/inbound';
import { PSID } from './support/messenger/webhooks';
import { TranscriptLiveGateway } from '../apps/chat-server/src/supervision-live/transcript-live.gateway';
import { waitUntil } from './support/lifecycle';
import { agentCommand, settleReadModels } from './support/read-models';

const PASSWORD = 'a long enough passphrase';

describe('supervisors: why a conversation is in its state, live transcripts, take over and transfer', () => {
  const desk = e2eApp({ queue: { agents: 1, routingMode: 'offer' } });
  let supervisor: { id: string; call: ReturnType<typeof api>; token: string };
  let agent: { id: string; call: ReturnType<typeof api> };
  let conversationId: string;
  let watcher: AgentClient;

  beforeAll(async () => {
    const { agents } = desk;
    agent = { id: agents[0]!.userId, call: api(desk.url, agents[0]!.token) };
    const admin = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    const created = await admin('POST', '/api/users', {
      email: 'sue@acme.test',
      password: PASSWORD,
      displayName: 'Sue Supervisor',
      role: 'supervisor',
    });
    const token = await login(desk.url, 'sue@acme.test', PASSWORD);
    supervisor = { id: created.body.userId, call: api(desk.url, token), token };

    await customerWrites(desk.url, PSID, 'My order never arrived');
    await settleReadModels(desk.server.app);
    [conversationId] = [...(await conversations(desk.server.app)).keys()].map((s) =>
      s.slice('conversation-'.length),
    );
    await agentCommand(desk.server.app, conversationId, agent.id, Date.now(), {
      type: 'AcceptConversation',
      data: { agentId: agent.id },
    });
    await settleReadModels(desk.server.app);
    watcher = await desk.connectShared(token, '/supervisor');
  });

  it('shows every event with actor, causation and correlation, as the audit CLI does', async () => {
    const { status, body } = await supervisor.call(
      'GET',
      `/api/conversations/${conversationId}/history`,
    );
    expect(status).toBe(200);
    expect(body.conversationId).toBe(conversationId);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['ConversationStarted', 'CustomerMessageReceived', 'AgentAssigned']),
    );
    const assigned = body.events.find((e: { type: string }) => e.type === 'AgentAssigned');
    expect(assigned).toMatchObject({
      revision: expect.any(Number),
      position: expect.any(Number),
      eventId: expect.any(String),
      recordedAt: expect.any(String),
      actor: agent.id,
      correlationId: expect.any(String),
      causationId: expect.any(String),
      data: { agentId: agent.id },
    });
    expect((await agent.call('GET', `/api/conversations/${conversationId}/history`)).status).toBe(
      403,
    );
    expect(
      (await supervisor.call('GET', `/api/conversations/${randomUUID()}/history`)).status,
    ).toBe(404);
  });

  it('pushes transcript:changed to a supervisor watching, once the transcript holds the message', async () => {
    expect(
      await watcher.request('transcript:watch', { conversationId: randomUUID() }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await watcher.request('transcript:watch', { conversationId })).toEqual({ ok: true });
    await customerWrites(desk.url, PSID, 'Hello, anyone?');
    const pushed = await watcher.next(
      'transcript:changed',
      (p) => p.conversationId === conversationId,
    );
    expect(pushed.position).toEqual(expect.any(Number));
    // No settling here: the push itself says the read model has it.
    const { body } = await supervisor.call(
      'GET',
      `/api/conversations/${conversationId}/transcript`,
    );
    expect(body.entries.map((e: { text: string | null }) => e.text)).toContain('Hello, anyone?');
  });

  it('lets a supervisor take a conversation over, recorded with them as the actor', async () => {
    const before = watcher.all('transcript:changed').length;
    const taken = await supervisor.call('POST', `/api/conversations/${conversationId}/assign`, {
      agentId: supervisor.id,
    });
    expect(taken.status).toBe(204);
    await watcher.next(
      'transcript:changed',
      () => watcher.all('transcript:changed').length > before,
    );
    const { body } = await supervisor.call('GET', `/api/conversations/${conversationId}/history`);
    expect(body.events.at(-1)).toMatchObject({
      type: 'AgentAssigned',
      actor: supervisor.id,
      data: { agentId: supervisor.id, previousAgentId: agent.id, assignedBy: supervisor.id },
    });
    const answered = await supervisor.call(
      'POST',
      `/api/conversations/${conversationId}/messages`,
      {
        clientMessageId: 'c-1',
        content: { kind: 'text', text: 'I am on it' },
      },
    );
    expect(answered).toMatchObject({ status: 201, body: { messageId: expect.any(String) } });
    await settleReadModels(desk.server.app);
    const transcript = await supervisor.call(
      'GET',
      `/api/conversations/${conversationId}/transcript`,
    );
    expect(transcript.body.entries.slice(-2)).toMatchObject([
      { type: 'transferred', agent: { id: supervisor.id, name: 'Sue Supervisor' } },
      { kind: 'agent', text: 'I am on it', agent: { id: supervisor.id } },
    ]);
  });

  it('lets a supervisor send it back to a queue, and refuses what makes no sense', async () => {
    expect(
      (
        await supervisor.call('POST', `/api/conversations/${conversationId}/assign`, {
          agentId: randomUUID(),
        })
      ).body.error,
    ).toMatchObject({ code: 'invalid', message: 'agentId: no active user of this tenant' });
    expect(
      (
        await agent.call('POST', `/api/conversations/${conversationId}/assign`, {
          agentId: agent.id,
        })
      ).status,
    ).toBe(403);
    const moved = await supervisor.call('POST', `/api/conversations/${conversationId}/transfer`, {
      queue: 'default',
    });
    expect(moved.status).toBe(204);
    await settleReadModels(desk.server.app);
    const { body } = await supervisor.call('GET', `/api/conversations/${conversationId}/history`);
    expect(body.events.at(-1)).toMatchObject({
      type: 'ConversationRequeued',
      actor: supervisor.id,
      data: { reason: 'transferred', queue: 'default' },
    });
    // No longer theirs: a supervisor cannot write in a conversation they do not hold.
    const refused = await supervisor.call('POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: 'c-2',
      content: { kind: 'text', text: 'Still here' },
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const again = await supervisor.call('POST', `/api/conversations/${conversationId}/transfer`, {
      queue: 'default',
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('forgets a watched transcript when its last watcher leaves or disconnects, with no change after', async () => {
    const live = desk.server.app.get(TranscriptLiveGateway);
    const second = await AgentClient.connect(desk.url, supervisor.token, '/supervisor');
    for (const socket of [watcher, second])
      expect(await socket.request('transcript:watch', { conversationId })).toEqual({ ok: true });
    expect(live.watchedCount).toBe(1);
    await second.request('transcript:unwatch', { conversationId });
    expect(live.watchedCount).toBe(1);
    await watcher.request('transcript:unwatch', { conversationId });
    expect(live.watchedCount).toBe(0);

    expect(await second.request('transcript:watch', { conversationId })).toEqual({ ok: true });
    expect(live.watchedCount).toBe(1);
    second.close();
    await waitUntil(async () => live.watchedCount === 0, 5_000);
    expect(live.watchedCount).toBe(0);
  });
});
