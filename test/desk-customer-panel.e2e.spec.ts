import { randomUUID } from 'node:crypto';
import { AgentClient, AGENT_PASSWORD, customerWrites } from './support/agents';
import { api, login, createGlobex } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { ok } from './support/fake-graph/fake-graph-server';
import * as fb from './support/messenger/deliveries';
import { PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { settleReadModels } from './support/read-models';

const PSID = '6600001';
let time = Date.now();

/** Issue 19, item 2 over REST: the customer panel's context and earlier transcripts, and who may read them. */
describe('the customer panel: who the customer is and what they said before', () => {
  const desk = e2eApp({
    queue: { agents: 1, routingMode: 'offer' },
    prepareGraph: (graph) =>
      graph.use((r) =>
        r.method === 'GET' && r.path === `/${PSID}`
          ? ok({
              id: PSID,
              first_name: 'Rosa',
              last_name: 'Diaz',
              profile_pic: 'https://scontent.xx.fbcdn.net/rosa.jpg',
            })
          : undefined,
      ),
  });
  let supervisor: string;
  let outsider: string;
  let ada: AgentClient;

  const shares = async (value: string) => {
    const at = ++time;
    const mid = `m_share_${at}`;
    await postWebhook(desk.url, fb.delivery(PAGE_ID, fb.quickReply(PAGE_ID, PSID, mid, value, at)));
  };
  const customerOf = (token: string, conversationId: string) =>
    api(desk.url, token)('GET', `/api/desk/conversations/${conversationId}/customer`);
  const previousOf = (token: string, conversationId: string, previous: string) =>
    api(desk.url, token)(
      'GET',
      `/api/desk/conversations/${conversationId}/customer/conversations/${previous}/transcript`,
    );

  beforeAll(async () => {
    const call = api(desk.url, desk.admin);
    await call('POST', '/api/users', {
      email: 'sam@acme.test',
      password: 'supervisor passphrase 1',
      displayName: 'Sam Supervisor',
      role: 'supervisor',
    });
    supervisor = await login(desk.url, 'sam@acme.test', 'supervisor passphrase 1');
    // An agent of the tenant who is in no queue: nothing is offered to them.
    await call('POST', '/api/users', {
      email: 'otto@acme.test',
      password: AGENT_PASSWORD,
      displayName: 'Otto Outsider',
      role: 'agent',
    });
    outsider = await login(desk.url, 'otto@acme.test', AGENT_PASSWORD);
    ada = await desk.connectShared(desk.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
  });

  let first: string;
  let second: string;

  it('a returning customer: named on the card, with the e-mail shared earlier and one previous conversation to read', async () => {
    await customerWrites(desk.url, PSID, 'first visit, my parcel is late');
    first = (await ada.next('chat:requested', (p) => p.customer?.id === PSID)).conversationId;
    expect((await ada.request('chat:accept', { conversationId: first })).ok).toBe(true);
    await shares('rosa@example.com');
    await ada.next('chat:customer_updated', (p) => p.contact?.value === 'rosa@example.com');
    expect((await ada.request('chat:close', { conversationId: first })).ok).toBe(true);
    await settleReadModels(desk.server.app);

    await customerWrites(desk.url, PSID, 'back again');
    const card = await ada.next(
      'chat:requested',
      (p) => p.customer?.id === PSID && p.conversationId !== first,
    );
    second = card.conversationId;
    expect(card.customer).toMatchObject({
      name: 'Rosa Diaz',
      pictureUrl: 'https://scontent.xx.fbcdn.net/rosa.jpg',
    });

    // Offered, not yet accepted: the agent may already see who it is.
    const offered = await customerOf(desk.agents[0]!.token, second);
    expect(offered.status).toBe(200);
    expect(offered.body).toMatchObject({
      conversationId: second,
      pageId: PAGE_ID,
      pageName: 'Acme Outdoor Gear',
      customer: {
        kind: 'psid',
        id: PSID,
        name: 'Rosa Diaz',
        pictureUrl: 'https://scontent.xx.fbcdn.net/rosa.jpg',
      },
      channel: 'messenger',
      contacts: [{ kind: 'email', value: 'rosa@example.com', conversationId: first }],
      previousConversations: [
        { conversationId: first, channel: 'messenger', endedAt: expect.any(Number) },
      ],
    });

    const transcript = await previousOf(desk.agents[0]!.token, second, first);
    expect(transcript.status).toBe(200);
    expect(transcript.body.entries.map((e: { text: string | null }) => e.text)).toContain(
      'first visit, my parcel is late',
    );
  });

  it('tells the desk a phone shared during the chat, and the context has it', async () => {
    expect((await ada.request('chat:accept', { conversationId: second })).ok).toBe(true);
    await shares('+15555550123');
    const pushed = await ada.next(
      'chat:customer_updated',
      (p) => p.conversationId === second && p.contact?.kind === 'phone',
    );
    expect(pushed.contact).toMatchObject({ kind: 'phone', value: '+15555550123' });
    await settleReadModels(desk.server.app);
    const context = await customerOf(desk.agents[0]!.token, second);
    expect(context.body.contacts.map((c: { value: string }) => c.value)).toEqual([
      '+15555550123',
      'rosa@example.com',
    ]);
  });

  it('answers 404 to an agent it is neither offered to nor held by, for a conversation not earlier of this customer, and to another tenant', async () => {
    expect(await customerOf(outsider, second)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect((await previousOf(outsider, second, first)).status).toBe(404);
    // Only earlier conversations of the same customer, not the chat itself or any id.
    expect((await previousOf(desk.agents[0]!.token, second, second)).status).toBe(404);
    expect((await previousOf(desk.agents[0]!.token, second, randomUUID())).status).toBe(404);
    expect((await previousOf(desk.agents[0]!.token, first, second)).status).toBe(404);
    expect((await customerOf(desk.agents[0]!.token, randomUUID())).status).toBe(404);
    // Supervisors and admins read any conversation of their tenant, ended ones too.
    expect((await customerOf(supervisor, first)).status).toBe(200);
    expect((await previousOf(desk.admin, second, first)).status).toBe(200);

    await createGlobex(desk.url, 'H');
    const globex = await login(desk.url, 'admin@globex.test', 'globex admin passphrase');
    expect(await customerOf(globex, second)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect((await previousOf(globex, second, first)).status).toBe(404);
  });

  it('refuses malformed ids with the one error taxonomy’s code', async () => {
    expect(await customerOf(desk.agents[0]!.token, 'not-a-uuid')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
    expect(await previousOf(desk.agents[0]!.token, second, 'nope')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
    expect((await api(desk.url)('GET', `/api/desk/conversations/${second}/customer`)).status).toBe(
      401,
    );
  });

  it('closes the panel to the agent once the chat is no longer theirs', async () => {
    expect((await ada.request('chat:close', { conversationId: second })).ok).toBe(true);
    await ada.next('chat:ended', (p) => p.conversationId === second);
    expect((await customerOf(desk.agents[0]!.token, second)).status).toBe(404);
  });
});
