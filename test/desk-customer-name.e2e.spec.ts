import { AgentClient, customerWrites } from './support/agents';
import { e2eApp } from './support/e2e-app';
import { graphError, ok } from './support/fake-graph/fake-graph-server';

const PSID = '6500001';

/** Issue 19, item 2 (request cards): the customer's name on the card as soon as it is known. */
describe('request cards name the customer as soon as Pagedesk knows them', () => {
  const desk = e2eApp({ queue: { agents: 1, routingMode: 'offer' } });
  let ada: AgentClient;

  beforeAll(async () => {
    ada = await desk.connectShared(desk.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
  });

  const offersOf = (id: string) =>
    ada.all('chat:requested').filter((p) => p.customer?.id === id) as {
      conversationId: string;
      customer: { name: string | null; pictureUrl: string | null };
    }[];

  it('tells the card again when the profile arrives after the request, and a returning customer’s card carries the name at once', async () => {
    // Facebook answers the profile look-up late: the request reaches the agent first.
    let answerProfile = true;
    desk.graph.use((r) =>
      r.method === 'GET' && r.path === `/${PSID}`
        ? answerProfile
          ? {
              ...ok({
                id: PSID,
                first_name: 'Rosa',
                last_name: 'Diaz',
                profile_pic: 'https://scontent.xx.fbcdn.net/rosa.jpg',
              }),
              delayMs: 800,
            }
          : { status: 400, body: graphError(100, 'no profile for you', 33) }
        : undefined,
    );
    await customerWrites(desk.url, PSID, 'first visit');
    const first = await ada.next('chat:requested', (p) => p.customer?.id === PSID);
    expect(first.customer.name).toBeNull();
    const named = await ada.next(
      'chat:requested',
      (p) => p.conversationId === first.conversationId && p.customer?.name === 'Rosa Diaz',
    );
    expect(named.customer.pictureUrl).toBe('https://scontent.xx.fbcdn.net/rosa.jpg');

    expect((await ada.request('chat:accept', { conversationId: first.conversationId })).ok).toBe(
      true,
    );
    await ada.next('chat:assigned', (p) => p.conversationId === first.conversationId);
    expect((await ada.request('chat:close', { conversationId: first.conversationId })).ok).toBe(
      true,
    );

    // Back a week later; this time Facebook does not answer the look-up at all.
    answerProfile = false;
    await customerWrites(desk.url, PSID, 'back again');
    const returning = await ada.next(
      'chat:requested',
      (p) => p.customer?.id === PSID && p.conversationId !== first.conversationId,
    );
    expect(returning.customer).toMatchObject({
      name: 'Rosa Diaz',
      pictureUrl: 'https://scontent.xx.fbcdn.net/rosa.jpg',
    });
    expect(offersOf(PSID).filter((o) => o.conversationId === returning.conversationId)).toEqual([
      expect.objectContaining({ customer: expect.objectContaining({ name: 'Rosa Diaz' }) }),
    ]);
  });
});
