import { Router } from '../apps/chat-server/src/routing/router';
import { customerWrites, setUpQueue } from './support/agents';
import { type JsonBody } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { settleRouting } from './support/inbound';

const WAITING = 12;
const CAPACITY = 2;

/**
 * A queue that fills while no agent can take a chat (none ready: the night,
 * a load test): the acknowledging thread follows every event of every waiting
 * chat, and each one used to sort the whole waiting list to find the chat's
 * place, though no one's offers could change (issue 21: most of that thread's
 * routing time at 1,000 webhooks/s). Counted, not timed (a shared machine).
 */
describe('routing a queue no agent can take chats from', () => {
  const desk = e2eApp();

  it('looks up no waiting chat’s place while no member is free, and offers the oldest once one is', async () => {
    const { agents } = await setUpQueue(desk.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: CAPACITY,
    });
    await settleRouting(desk.server.app);
    const before = desk.server.app.get(Router).work().queuePlaces;
    const psid = (i: number) => `6420${String(i).padStart(6, '0')}`;
    for (let i = 0; i < WAITING; i++) await customerWrites(desk.url, psid(i));
    // Follow-ups: more events of chats already waiting.
    for (let i = 0; i < WAITING; i++) await customerWrites(desk.url, psid(i), 'still there?');
    await settleRouting(desk.server.app);
    expect(desk.server.app.get(Router).work().queuePlaces - before).toBe(0);

    // The rule is unchanged: an agent who turns ready is offered the oldest chats, one per free slot.
    const client = await desk.connect(agents[0]!);
    expect(await client.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
    const { offers } = await client.request('sync');
    expect(offers.map((p: JsonBody) => p.customer.id)).toEqual([0, 1].map(psid));
  }, 120_000);
});
