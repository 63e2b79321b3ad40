import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteConversationCommand } from '../apps/chat-server/src/conversations/execute-conversation-command';
import { SendSenderAction } from '../apps/chat-server/src/outbound/send-sender-action/send-sender-action';
import {
  FakeGraphServer,
  graphError,
  graphFixture,
  type GraphRequest,
} from './support/fake-graph/fake-graph-server';
import { APP_ID, messengerConfig, PAGE_ID, postWebhook, PSID } from './support/messenger/webhooks';
import {
  AGENT,
  assignedConversation,
  eventsOf,
  sendAgentMessage,
  sentMessages,
  settleAll,
  TRANSIENT_REPLIES,
  typesOf,
} from './support/outbound';
import { startTestApp, type TestApp } from './support/test-app';

const DAY = 24 * 3_600_000;
const text = (body: unknown) => (body as { message: { text?: string } }).message.text;
const recipientOf = (r: GraphRequest) => (r.body as { recipient: { id: string } }).recipient.id;

describe('Outbox delivery', () => {
  let graph: FakeGraphServer;
  let server: TestApp;

  const start = async (pageOverrides: object = {}) => {
    server = await startTestApp({
      MESSENGER_CONFIG: messengerConfig({
        pages: [
          {
            pageId: PAGE_ID,
            tenantId: 'acme',
            appId: APP_ID,
            accessToken: 'page-token-acme',
            ...pageOverrides,
          },
        ],
      }),
      MESSENGER_GRAPH_API_URL: graph.url,
      OUTBOX_RETRY_BASE_MS: '5',
      OUTBOX_RETRY_MAX_MS: '200',
      OUTBOX_MAX_ATTEMPTS: '60',
    });
  };

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  afterAll(() => graph.close());
  beforeEach(() => graph.reset());
  afterEach(() => server.close());

  it('delivers everything exactly once and in order per customer through 30 % transient failures', async () => {
    await start();
    const accepted: GraphRequest[] = [];
    let failures = 0;
    graph.use((request) => {
      if (request.path !== '/me/messages') return undefined;
      if (Math.random() < 0.3) {
        failures++;
        return TRANSIENT_REPLIES[failures % TRANSIENT_REPLIES.length];
      }
      accepted.push(request);
      return undefined;
    });
    const customers = Array.from(
      { length: 5 },
      (_, i) => `73920156481${String(i).padStart(5, '0')}`,
    );
    const conversationIds = await Promise.all(
      customers.map((psid) => assignedConversation(server.app, server.url, psid)),
    );
    const PER_CUSTOMER = 8;
    for (let n = 0; n < PER_CUSTOMER; n++) {
      await Promise.all(
        conversationIds.map((id, c) =>
          sendAgentMessage(server.app, id, { kind: 'text', text: `${customers[c]} #${n}` }),
        ),
      );
    }
    await settleAll(server.app);

    expect(failures).toBeGreaterThan(0);
    for (const psid of customers) {
      const received = accepted.filter((r) => recipientOf(r) === psid).map((r) => text(r.body));
      expect(received).toEqual(Array.from({ length: PER_CUSTOMER }, (_, n) => `${psid} #${n}`));
    }
    for (const id of conversationIds) {
      const types = typesOf(await eventsOf(server.app, id));
      expect(types.filter((t) => t === 'AgentMessageSent')).toHaveLength(PER_CUSTOMER);
    }
  });

  it('records each failed try with its retry time, then the success', async () => {
    await start();
    let calls = 0;
    graph.use((r) =>
      r.path === '/me/messages' && ++calls <= 2
        ? { status: 400, body: graphFixture('error-temporary') }
        : undefined,
    );
    const id = await assignedConversation(server.app, server.url, PSID);
    await sendAgentMessage(server.app, id, { kind: 'text', text: 'Hi' });
    await settleAll(server.app);
    const outcomes = (await eventsOf(server.app, id)).filter((e) =>
      ['AgentMessageFailed', 'AgentMessageSent'].includes(e.type),
    );
    expect(outcomes.map((e) => [e.type, e.data.attempt, e.data.permanent])).toEqual([
      ['AgentMessageFailed', 1, false],
      ['AgentMessageFailed', 2, false],
      ['AgentMessageSent', undefined, undefined],
    ]);
    expect(outcomes[0]?.data).toMatchObject({ code: 1200, retryAt: expect.any(Number) });
  });

  it("does not make one customer wait for another's retries", async () => {
    await start();
    let slowCustomerDown = true;
    graph.use((r) =>
      r.path === '/me/messages' && recipientOf(r) === PSID && slowCustomerDown
        ? { status: 500, body: graphError(1, 'An unknown error occurred') }
        : undefined,
    );
    const slow = await assignedConversation(server.app, server.url, PSID);
    const other = await assignedConversation(server.app, server.url, '7392015648129999');
    await sendAgentMessage(server.app, slow, { kind: 'text', text: 'first' });
    await sendAgentMessage(server.app, slow, { kind: 'text', text: 'second' });
    await sendAgentMessage(server.app, other, { kind: 'text', text: 'meanwhile' });
    await waitFor(async () =>
      typesOf(await eventsOf(server.app, other)).includes('AgentMessageSent'),
    );
    expect(typesOf(await eventsOf(server.app, slow))).not.toContain('AgentMessageSent');
    slowCustomerDown = false;
    await settleAll(server.app);
    const delivered = sentMessages(graph)
      .filter((r) => recipientOf(r) === PSID)
      .map((r) => text(r.body));
    // Retries of "first" only: "second" never overtook it.
    expect(delivered.indexOf('second')).toBe(delivered.length - 1);
    expect(delivered.filter((t) => t === 'second')).toHaveLength(1);
  });

  it('holds the page back for as long as the usage headers ask', async () => {
    await start();
    const arrivals: number[] = [];
    graph.use((r) => {
      if (r.path !== '/me/messages') return undefined;
      arrivals.push(Date.now());
      return arrivals.length === 1
        ? {
            status: 400,
            body: graphFixture('error-rate-limit'),
            headers: { 'x-app-usage': JSON.stringify({ call_count: 100, total_time: 20 }) },
          }
        : undefined;
    });
    const id = await assignedConversation(server.app, server.url, PSID);
    await sendAgentMessage(server.app, id, { kind: 'text', text: 'Hi' });
    await settleAll(server.app);
    expect(arrivals).toHaveLength(2);
    // At 100 % app usage the page waits the longest backoff (OUTBOX_RETRY_MAX_MS = 200).
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(190);
  });

  describe('permanent failures: no retry, the right final state and reason', () => {
    it.each([
      ['error-no-matching-user', 'cannot be reached', true],
      ['error-person-unavailable', 'cannot be reached', true],
      ['error-outside-window', 'allowed window', false],
      ['error-attachment-too-large', 'too large', false],
      ['error-policy-block', 'blocked', false],
      ['error-token-password-changed', 'access token', false],
    ])('%s', async (fixtureName, reason, ends) => {
      await start();
      graph.use((r) =>
        r.path === '/me/messages' ? { status: 400, body: graphFixture(fixtureName) } : undefined,
      );
      const id = await assignedConversation(server.app, server.url, PSID);
      await sendAgentMessage(server.app, id, { kind: 'text', text: 'Hi' });
      await settleAll(server.app);
      expect(sentMessages(graph)).toHaveLength(1);
      const events = await eventsOf(server.app, id);
      const failure = events.find((e) => e.type === 'AgentMessageFailed');
      expect(failure?.data).toMatchObject({ permanent: true, retryAt: null });
      expect(String(failure?.data.reason)).toContain(reason);
      expect(typesOf(events).includes('RecipientUnavailable')).toBe(ends);
    });

    it('refuses later sends for a page whose token Facebook rejected, and fails its queued ones unsent', async () => {
      await start();
      graph.use((r) =>
        r.path === '/me/messages'
          ? { status: 400, body: graphFixture('error-token-password-changed') }
          : undefined,
      );
      const id = await assignedConversation(server.app, server.url, PSID);
      await sendAgentMessage(server.app, id, { kind: 'text', text: 'one' });
      await sendAgentMessage(server.app, id, { kind: 'text', text: 'two' });
      await settleAll(server.app);
      expect(sentMessages(graph)).toHaveLength(1);
      const failures = (await eventsOf(server.app, id)).filter(
        (e) => e.type === 'AgentMessageFailed',
      );
      expect(failures.map((e) => e.data.permanent)).toEqual([true, true]);
      const refused = await sendAgentMessage(server.app, id, { kind: 'text', text: 'three' }).catch(
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({
        code: 'unavailable',
        details: { reason: 'page_token_invalid' },
      });
      expect(JSON.stringify(refused)).not.toContain('page-token-acme');
      expect((refused as Error).message).not.toContain('page-token-acme');
    });
  });

  describe('automatic messages', () => {
    const automatic = {
      openingMessage: 'Welcome to Acme! An agent will be with you shortly.',
      closingMessage: 'Thanks for chatting with Acme.',
      errorMessage: 'Sorry, we could not read that message.',
    };
    const close = (id: string) => {
      const now = new Date().toISOString();
      return server.app
        .get(CommandBus)
        .execute(
          new ExecuteConversationCommand(
            id,
            { type: 'CloseConversation', data: { agentId: AGENT }, metadata: { now } },
            { correlationId: randomUUID(), causationId: randomUUID(), actor: AGENT, now },
          ),
        );
    };

    it('opens, answers what it cannot read and closes, once each, untagged', async () => {
      await start({ ...automatic, humanAgentTagging: true });
      const id = await assignedConversation(server.app, server.url, PSID);
      const unsupported = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: PAGE_ID,
            time: Date.now(),
            messaging: [
              {
                sender: { id: PSID },
                recipient: { id: PAGE_ID },
                timestamp: Date.now(),
                message: { mid: 'm_weird', attachments: [{ type: 'hologram', payload: {} }] },
              },
            ],
          },
        ],
      });
      await postWebhook(server.url, unsupported);
      await postWebhook(server.url, unsupported);
      await settleAll(server.app);
      await close(id);
      await settleAll(server.app);
      const bodies = sentMessages(graph).map((r) => r.body as Record<string, unknown>);
      expect(bodies.map(text)).toEqual([
        automatic.openingMessage,
        automatic.errorMessage,
        automatic.closingMessage,
      ]);
      expect(bodies.every((b) => b.messaging_type === 'RESPONSE' && !('tag' in b))).toBe(true);
    });

    it('never tags them HUMAN_AGENT: after 24 h the closing message is not sent', async () => {
      await start({ ...automatic, humanAgentTagging: true });
      const id = await assignedConversation(server.app, server.url, PSID, Date.now() - 2 * DAY);
      await sendAgentMessage(server.app, id, { kind: 'text', text: 'Sorry for the wait!' });
      await settleAll(server.app);
      await close(id);
      await settleAll(server.app);
      expect(sentMessages(graph).map((r) => r.body)).toEqual([
        expect.objectContaining({
          messaging_type: 'MESSAGE_TAG',
          tag: 'HUMAN_AGENT',
          message: expect.objectContaining({ text: 'Sorry for the wait!' }),
        }),
      ]);
    });
  });

  describe('sender actions', () => {
    it('sends typing and seen indicators without recording them, for the assigned agent only', async () => {
      await start();
      const id = await assignedConversation(server.app, server.url, PSID);
      const before = typesOf(await eventsOf(server.app, id));
      const actions = server.app.get(SendSenderAction);
      await actions.execute({ conversationId: id, agentId: AGENT, action: 'typing_on' });
      await actions.execute({ conversationId: id, agentId: AGENT, action: 'mark_seen' });
      await expect(
        actions.execute({ conversationId: id, agentId: 'agent-bob', action: 'typing_on' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        actions.execute({ conversationId: id, agentId: AGENT, action: 'dance' as 'typing_on' }),
      ).rejects.toMatchObject({ code: 'invalid' });
      await waitFor(async () => graph.requestsTo('/me/messages').length === 2);
      expect(graph.requestsTo('/me/messages').map((r) => r.body)).toEqual([
        { recipient: { id: PSID }, sender_action: 'typing_on' },
        { recipient: { id: PSID }, sender_action: 'mark_seen' },
      ]);
      await settleAll(server.app);
      expect(typesOf(await eventsOf(server.app, id))).toEqual(before);
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
