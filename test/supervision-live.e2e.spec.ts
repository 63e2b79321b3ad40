import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { api } from './support/auth';
import { e2eApp } from './support/e2e-app';

describe('live supervision: /supervisor, GET /api/queues and GET /api/agents', () => {
  const desk = e2eApp();
  const { connect } = desk;

  it('pushes queue, agent and conversation changes to supervisors of the tenant, and serves the same figures over REST', async () => {
    const { admin, agents } = await setUpQueue(desk.url, {
      agents: 1,
      routingMode: 'offer',
      maxChats: 3,
    });
    await expect(
      AgentClient.connect(desk.url, agents[0]!.token, '/supervisor'),
    ).rejects.toMatchObject({
      data: { code: 'forbidden' },
    });
    expect((await api(desk.url, agents[0]!.token)('GET', '/api/agents')).status).toBe(403);

    const supervisor = await connect(admin, '/supervisor');
    expect(await supervisor.request('sync', {})).toMatchObject({
      ok: true,
      queues: [{ queueId: 'default', waiting: 0 }],
      agents: [{ agentId: agents[0]!.userId, status: 'offline', load: 0, capacity: 3 }],
    });

    const ada = await connect(agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
    await supervisor.next('agent:updated', (p) => p.status === 'ready');

    await customerWrites(desk.url, '6800001');
    const queued = await supervisor.next('conversation:updated', (p) => p.status === 'queued');
    const waiting = await supervisor.next('queue:updated', (p) => p.waiting === 1);
    expect(waiting).toMatchObject({
      queueId: 'default',
      agents: { ready: 1, busy: 0, capacity: 3 },
    });
    expect(typeof waiting.oldestWaitMs).toBe('number');

    await ada.request('chat:accept', { conversationId: queued.conversationId });
    const assigned = await supervisor.next('conversation:updated', (p) => p.status === 'assigned');
    expect(assigned).toMatchObject({ agentId: agents[0]!.userId, queue: 'default' });
    expect(assigned.position).toBeGreaterThan(queued.position);
    await supervisor.next('agent:updated', (p) => p.load === 1);

    const call = api(desk.url, admin);
    expect((await call('GET', '/api/queues')).body[0]).toMatchObject({
      queueId: 'default',
      routingMode: 'offer',
      live: { waiting: 0, oldestWaitMs: null, agents: { ready: 1, busy: 1, capacity: 3, load: 1 } },
    });
    expect((await call('GET', '/api/agents')).body).toEqual([
      {
        agentId: agents[0]!.userId,
        displayName: 'Agent 0',
        status: 'ready',
        load: 1,
        capacity: 3,
        conversations: [queued.conversationId],
        queues: ['default'],
      },
    ]);
  });
});
