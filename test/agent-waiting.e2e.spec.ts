import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { createGlobex, GLOBEX_ADMIN } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { SECOND_PAGE_ID } from './support/messenger/webhooks';

describe('agent:waiting: how many customers wait, told to the agent even at capacity', () => {
  const desk = e2eApp();

  it('counts the customers in the agent’s queues as they come and go, never another tenant’s', async () => {
    const { agents } = await setUpQueue(desk.url, {
      agents: 1,
      routingMode: 'offer',
      maxChats: 1,
    });
    const ada = await AgentClient.connect(desk.url, agents[0]!.token);
    const counts = () => ada.all('agent:waiting').map((p) => p.waiting);
    await ada.request('agent:status', { status: 'ready' });
    await ada.next('agent:waiting', (p) => p.waiting === 0);

    await customerWrites(desk.url, '7300001', 'first');
    const offer = await ada.next('chat:requested');
    await ada.next('agent:waiting', (p) => p.waiting === 1);
    await ada.request('chat:accept', { conversationId: offer.conversationId });
    await ada.next('agent:waiting', (p) => p.waiting === 0 && p.position > offer.position);

    // At capacity: no offer, but the count grows.
    await customerWrites(desk.url, '7300002', 'second');
    await customerWrites(desk.url, '7300003', 'third');
    const two = await ada.next('agent:waiting', (p) => p.waiting === 2);
    expect(typeof two.position).toBe('number');
    expect(ada.all('chat:requested')).toHaveLength(1);
    expect(await ada.request('sync', {})).toMatchObject({ ok: true, waiting: 2 });

    // Another tenant's customers are not counted.
    await createGlobex(desk.url);
    const globex = await setUpQueue(desk.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: GLOBEX_ADMIN,
    });
    const hank = await AgentClient.connect(desk.url, globex.agents[0]!.token);
    await hank.request('agent:status', { status: 'ready' });
    await customerWrites(desk.url, '7300004', 'globex customer', SECOND_PAGE_ID);
    // Hank's count moving shows the routing pass that would have told Ada too has run.
    await hank.next('agent:waiting', (p) => p.waiting === 1);
    hank.close();
    expect(await ada.request('sync', {})).toMatchObject({ waiting: 2 });
    expect(counts()).toEqual([0, 1, 0, 1, 2]);
    ada.close();
  });
});
