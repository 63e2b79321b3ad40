import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { APP_ID, messengerConfig, PAGE_ID, PSID } from './support/messenger/webhooks';
import {
  assignedConversation,
  customerWrites,
  conversationOf,
  assignAgent,
  eventsOf,
  sendAgentMessage,
  sentMessages,
  settleAll,
  typesOf,
} from './support/outbound';
import { startTestApp, type TestApp } from './support/test-app';

const DAY = 24 * 3_600_000;

const page = (overrides: object = {}) => ({
  pageId: PAGE_ID,
  tenantId: 'acme',
  appId: APP_ID,
  accessToken: 'page-token-acme',
  ...overrides,
});

describe('Outbound content and the 24-hour rule', () => {
  let graph: FakeGraphServer;
  let server: TestApp;

  const start = async (pageOverrides: object = {}) => {
    server = await startTestApp({
      MESSENGER_CONFIG: messengerConfig({ pages: [page(pageOverrides)] }),
      MESSENGER_GRAPH_API_URL: graph.url,
    });
  };

  /**
   * One server per page configuration, not per test: each test's customer is
   * new (its own PSID, so its own conversation), and the fake Graph API
   * forgets earlier requests before each test, so what a test reads is its own.
   * A test that fails midway may leave a send in flight: it is finished after
   * that test, so it cannot reach the Graph API during the next one.
   */
  let customers = 0;
  const newCustomer = () => `${PSID}${String(customers++).padStart(3, '0')}`;

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  afterAll(() => graph.close());
  beforeEach(() => graph.reset());

  describe('every content type reaches the Send API in its exact shape', () => {
    beforeAll(() => start());
    afterEach(() => settleAll(server.app));
    afterAll(() => server.close());

    it.each([
      [
        'text',
        { kind: 'text', text: 'Yes, size M is in stock.' },
        { text: 'Yes, size M is in stock.' },
      ],
      [
        'an image by URL',
        { kind: 'attachment', attachment: { type: 'image', url: 'https://cdn.example.com/m.jpg' } },
        {
          attachment: { type: 'image', payload: { url: 'https://cdn.example.com/m.jpg' } },
        },
      ],
      [
        'a file by URL',
        { kind: 'attachment', attachment: { type: 'file', url: 'https://cdn.example.com/i.pdf' } },
        { attachment: { type: 'file', payload: { url: 'https://cdn.example.com/i.pdf' } } },
      ],
      [
        'text with quick replies',
        {
          kind: 'text',
          text: 'Which size?',
          quickReplies: [
            { type: 'text', title: 'M', payload: 'SIZE_M' },
            {
              type: 'text',
              title: 'L',
              payload: 'SIZE_L',
              imageUrl: 'https://cdn.example.com/l.png',
            },
            { type: 'user_email' },
            { type: 'user_phone_number' },
          ],
        },
        {
          text: 'Which size?',
          quick_replies: [
            { content_type: 'text', title: 'M', payload: 'SIZE_M' },
            {
              content_type: 'text',
              title: 'L',
              payload: 'SIZE_L',
              image_url: 'https://cdn.example.com/l.png',
            },
            { content_type: 'user_email' },
            { content_type: 'user_phone_number' },
          ],
        },
      ],
      [
        'a button template',
        {
          kind: 'buttons',
          text: 'How can we help?',
          buttons: [
            { type: 'web_url', title: 'Track order', url: 'https://shop.example.com/track' },
            { type: 'postback', title: 'Talk to us', payload: 'TALK' },
            { type: 'phone_number', title: 'Call', payload: '+4930123456789' },
          ],
        },
        {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'button',
              text: 'How can we help?',
              buttons: [
                { type: 'web_url', url: 'https://shop.example.com/track', title: 'Track order' },
                { type: 'postback', title: 'Talk to us', payload: 'TALK' },
                { type: 'phone_number', title: 'Call', payload: '+4930123456789' },
              ],
            },
          },
        },
      ],
      [
        'a carousel',
        {
          kind: 'carousel',
          elements: [
            {
              title: 'Trail jacket',
              subtitle: 'Waterproof, 3 colours',
              imageUrl: 'https://cdn.example.com/jacket.jpg',
              defaultActionUrl: 'https://shop.example.com/jacket',
              buttons: [{ type: 'postback', title: 'Reserve', payload: 'RESERVE_JACKET' }],
            },
            { title: 'Gift card' },
          ],
        },
        {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'generic',
              elements: [
                {
                  title: 'Trail jacket',
                  subtitle: 'Waterproof, 3 colours',
                  image_url: 'https://cdn.example.com/jacket.jpg',
                  default_action: { type: 'web_url', url: 'https://shop.example.com/jacket' },
                  buttons: [{ type: 'postback', title: 'Reserve', payload: 'RESERVE_JACKET' }],
                },
                { title: 'Gift card' },
              ],
            },
          },
        },
      ],
    ])('%s', async (_label, content, message) => {
      const psid = newCustomer();
      const conversationId = await assignedConversation(server.app, server.url, psid);
      const { messageId } = await sendAgentMessage(server.app, conversationId, content);
      await settleAll(server.app);
      const [request] = sentMessages(graph);
      expect(request?.query.access_token).toBe('page-token-acme');
      expect(request?.body).toEqual({
        recipient: { id: psid },
        messaging_type: 'RESPONSE',
        message: { ...message, metadata: `pagedesk:out:${messageId}` },
      });
      const sent = (await eventsOf(server.app, conversationId)).find(
        (e) => e.type === 'AgentMessageSent',
      );
      expect(sent?.data).toMatchObject({ messageId, mid: expect.stringMatching(/^m_fake_/) });
    });

    it('addresses a Chat Plugin visitor who has not replied by user_ref', async () => {
      await customerWrites(server.url, { user_ref: 'uref_5566778899' });
      const conversationId = await conversationOf(server.app, 'uref_5566778899');
      await assignAgent(server.app, conversationId);
      await sendAgentMessage(server.app, conversationId, { kind: 'text', text: 'Hi there' });
      await settleAll(server.app);
      expect(sentMessages(graph)[0]?.body).toMatchObject({
        recipient: { user_ref: 'uref_5566778899' },
      });
    });

    it.each([
      ['Email', 'user_email'],
      [' phone ', 'user_phone_number'],
      ['EMAIL', 'user_email'],
    ])('turns the keyword %j into a %s quick reply', async (text, contentType) => {
      const conversationId = await assignedConversation(server.app, server.url, newCustomer());
      await sendAgentMessage(server.app, conversationId, { kind: 'text', text });
      await settleAll(server.app);
      expect(sentMessages(graph)[0]?.body).toMatchObject({
        message: { text, quick_replies: [{ content_type: contentType }] },
      });
    });

    it('leaves a sentence that merely contains the keyword alone', async () => {
      const conversationId = await assignedConversation(server.app, server.url, newCustomer());
      await sendAgentMessage(server.app, conversationId, { kind: 'text', text: 'Email us' });
      await settleAll(server.app);
      expect(sentMessages(graph)[0]?.body).not.toHaveProperty('message.quick_replies');
    });

    it('acknowledges a resend with the same client id once, with the same id', async () => {
      const conversationId = await assignedConversation(server.app, server.url, newCustomer());
      const content = { kind: 'text', text: 'Once' };
      const first = await sendAgentMessage(server.app, conversationId, content, 'client-1');
      const again = await sendAgentMessage(server.app, conversationId, content, 'client-1');
      await settleAll(server.app);
      expect(again).toEqual(first);
      expect(sentMessages(graph)).toHaveLength(1);
    });
  });

  describe('every limit is refused before anything is recorded or sent', () => {
    beforeAll(() => start());
    afterEach(() => settleAll(server.app));
    afterAll(() => server.close());

    const text = (n: number) => 'x'.repeat(n);
    const button = { type: 'postback', title: 'B', payload: 'P' };
    const reply = { type: 'text', title: 'R', payload: 'P' };

    it.each([
      ['text over 2000', { kind: 'text', text: text(2001) }, 'content.text'],
      ['empty text', { kind: 'text', text: '' }, 'content.text'],
      ['an unknown kind', { kind: 'sticker' }, 'content.kind'],
      [
        'an attachment type Messenger cannot take by URL',
        { kind: 'attachment', attachment: { type: 'location', url: 'https://x.example/a' } },
        'content.attachment.type',
      ],
      [
        'an attachment without a web URL',
        { kind: 'attachment', attachment: { type: 'image', url: 'file:///etc/passwd' } },
        'content.attachment.url',
      ],
      [
        '14 quick replies',
        { kind: 'text', text: 'Pick', quickReplies: Array(14).fill(reply) },
        'content.quickReplies',
      ],
      [
        'a quick-reply title over 20',
        { kind: 'text', text: 'Pick', quickReplies: [{ ...reply, title: text(21) }] },
        'content.quickReplies.0.title',
      ],
      [
        'a quick-reply payload over 1000',
        { kind: 'text', text: 'Pick', quickReplies: [{ ...reply, payload: text(1001) }] },
        'content.quickReplies.0.payload',
      ],
      [
        'a quick-reply payload that would read as an email',
        { kind: 'text', text: 'Pick', quickReplies: [{ ...reply, payload: 'a@b.c' }] },
        'content.quickReplies.0.payload',
      ],
      [
        'a button template text over 640',
        { kind: 'buttons', text: text(641), buttons: [button] },
        'content.text',
      ],
      [
        'a button template without buttons',
        { kind: 'buttons', text: 'Hi', buttons: [] },
        'content.buttons',
      ],
      [
        'a button template with 4 buttons',
        { kind: 'buttons', text: 'Hi', buttons: Array(4).fill(button) },
        'content.buttons',
      ],
      [
        'an unknown button type',
        { kind: 'buttons', text: 'Hi', buttons: [{ type: 'account_link', title: 'x' }] },
        'content.buttons.0.type',
      ],
      [
        'a call button without a phone number',
        {
          kind: 'buttons',
          text: 'Hi',
          buttons: [{ type: 'phone_number', title: 'Call', payload: '12' }],
        },
        'content.buttons.0.payload',
      ],
      ['an empty carousel', { kind: 'carousel', elements: [] }, 'content.elements'],
      [
        'a carousel of 11',
        { kind: 'carousel', elements: Array(11).fill({ title: 'T' }) },
        'content.elements',
      ],
      [
        'a card without a title',
        { kind: 'carousel', elements: [{ subtitle: 'S' }] },
        'content.elements.0.title',
      ],
      [
        'a card title over 80',
        { kind: 'carousel', elements: [{ title: text(81) }] },
        'content.elements.0.title',
      ],
      [
        'a card subtitle over 80',
        { kind: 'carousel', elements: [{ title: 'T', subtitle: text(81) }] },
        'content.elements.0.subtitle',
      ],
      [
        'a card with 4 buttons',
        { kind: 'carousel', elements: [{ title: 'T', buttons: Array(4).fill(button) }] },
        'content.elements.0.buttons',
      ],
      ['an unknown field', { kind: 'text', text: 'Hi', html: '<b>Hi</b>' }, 'content.html'],
      ['no content at all', undefined, 'content'],
    ])('%s', async (_label, content, field) => {
      const conversationId = await assignedConversation(server.app, server.url, newCustomer());
      const before = typesOf(await eventsOf(server.app, conversationId));
      const refused = await sendAgentMessage(server.app, conversationId, content).catch(
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: 'invalid' });
      expect((refused as Error).message).toContain(field);
      await settleAll(server.app);
      expect(typesOf(await eventsOf(server.app, conversationId))).toEqual(before);
      expect(sentMessages(graph)).toHaveLength(0);
    });
  });

  describe("Messenger's window", () => {
    const hello = { kind: 'text', text: 'Still there?' };
    /** A customer who last wrote `age` ms ago, assigned: sending to them meets the window. */
    const wroteAgo = (age: number) =>
      assignedConversation(server.app, server.url, newCustomer(), Date.now() - age);
    const refuses = async (age: number, rule: string) => {
      const id = await wroteAgo(age);
      const refused = await sendAgentMessage(server.app, id, hello).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'conflict' });
      expect((refused as Error).message).toContain(rule);
      await settleAll(server.app);
      expect(typesOf(await eventsOf(server.app, id))).not.toContain('AgentMessageRequested');
      expect(sentMessages(graph)).toHaveLength(0);
    };

    describe('on a page that may tag HUMAN_AGENT', () => {
      beforeAll(() => start({ humanAgentTagging: true }));
      afterEach(() => settleAll(server.app));
      afterAll(() => server.close());

      it('answers a customer who wrote 2 days ago with HUMAN_AGENT', async () => {
        const id = await wroteAgo(2 * DAY);
        await sendAgentMessage(server.app, id, hello);
        await settleAll(server.app);
        expect(sentMessages(graph)[0]?.body).toMatchObject({
          messaging_type: 'MESSAGE_TAG',
          tag: 'HUMAN_AGENT',
        });
      });

      it('uses a plain RESPONSE inside 24 h even so', async () => {
        const id = await wroteAgo(3_600_000);
        await sendAgentMessage(server.app, id, hello);
        await settleAll(server.app);
        expect(sentMessages(graph)[0]?.body).toMatchObject({ messaging_type: 'RESPONSE' });
        expect(sentMessages(graph)[0]?.body).not.toHaveProperty('tag');
      });

      it('refuses after 7 days even with the tag, naming the rule, and records nothing', () =>
        refuses(8 * DAY, '7-day'));
    });

    describe('on a page that may not tag', () => {
      beforeAll(() => start());
      afterAll(() => server.close());

      it('refuses after 24 h, naming the rule, and records nothing', () =>
        refuses(2 * DAY, '24-hour rule'));
    });
  });
});
