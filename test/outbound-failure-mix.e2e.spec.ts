import { e2eApp } from './support/e2e-app';
import {
  graphError,
  graphFixture,
  type GraphReply,
  type GraphRequest,
} from './support/fake-graph/fake-graph-server';
import { api, login, ADMIN_EMAIL, ADMIN_PASSWORD, type JsonBody } from './support/auth';
import {
  assignedConversation,
  sendAgentMessage,
  settleAll,
  TRANSIENT_REPLIES,
} from './support/outbound';
import { settleReadModels } from './support/read-models';

const CUSTOMERS = 20;
const PER_CUSTOMER = 20;
const psids = Array.from({ length: CUSTOMERS }, (_, i) => `74110000${String(i).padStart(4, '0')}`);
const textOf = (c: number, n: number) => `${psids[c]} #${n}`;

/** 4 of 400 messages (1 %) refused for good, each for a different reason the supervisor must read. */
const PERMANENT = new Map<string, { reply: GraphReply; reason: string }>([
  [
    textOf(2, 5),
    {
      reply: { status: 400, body: graphFixture('error-outside-window') },
      reason: 'allowed window',
    },
  ],
  [
    textOf(7, 11),
    {
      reply: { status: 400, body: graphFixture('error-attachment-too-large') },
      reason: 'too large',
    },
  ],
  [
    textOf(11, 3),
    { reply: { status: 400, body: graphFixture('error-policy-block') }, reason: 'blocked' },
  ],
  [
    textOf(16, 17),
    {
      reply: { status: 400, body: graphError(100, '(#100) Invalid parameter') },
      reason: 'Facebook refused',
    },
  ],
]);

const textIn = (r: GraphRequest) =>
  (r.body as { message?: { text?: string } } | undefined)?.message?.text;

describe('Send API failure mix: 30 % transient, 1 % permanent with mixed codes', () => {
  const desk = e2eApp({
    env: { OUTBOX_RETRY_BASE_MS: '5', OUTBOX_RETRY_MAX_MS: '100', OUTBOX_MAX_ATTEMPTS: '60' },
  });

  it('delivers every transiently failed message exactly once, in order, and shows each permanent one as failed with its reason', async () => {
    const accepted: string[] = [];
    let transient = 0;
    desk.graph.use((request) => {
      const text = textIn(request);
      if (text === undefined) return undefined;
      const permanent = PERMANENT.get(text);
      if (permanent) return permanent.reply;
      if (Math.random() < 0.3) return TRANSIENT_REPLIES[transient++ % TRANSIENT_REPLIES.length];
      accepted.push(text);
      return undefined;
    });
    const conversationIds = await Promise.all(
      psids.map((psid) => assignedConversation(desk.server.app, desk.url, psid)),
    );
    for (let n = 0; n < PER_CUSTOMER; n++) {
      await Promise.all(
        conversationIds.map((id, c) =>
          sendAgentMessage(desk.server.app, id, { kind: 'text', text: textOf(c, n) }),
        ),
      );
    }
    await settleAll(desk.server.app);
    await settleReadModels(desk.server.app);

    expect(transient).toBeGreaterThan(50);
    for (let c = 0; c < CUSTOMERS; c++) {
      const expected = Array.from({ length: PER_CUSTOMER }, (_, n) => textOf(c, n)).filter(
        (t) => !PERMANENT.has(t),
      );
      expect(accepted.filter((t) => t.startsWith(`${psids[c]} `))).toEqual(expected);
    }

    const call = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
    for (const [text, { reason }] of PERMANENT) {
      const c = psids.indexOf(text.split(' ')[0]!);
      const { status, body } = await call(
        'GET',
        `/api/conversations/${conversationIds[c]}/transcript`,
      );
      expect(status).toBe(200);
      const entries: JsonBody[] = body.entries;
      expect(entries.find((e) => e.text === text)).toMatchObject({
        delivery: 'failed',
        failure: expect.stringContaining(reason),
      });
      expect(desk.graph.requests.filter((r) => textIn(r) === text)).toHaveLength(1);
      // Every other agent message of that customer went out despite the failure in the middle.
      const others = entries.filter((e) => e.text?.startsWith(`${psids[c]} #`) && e.text !== text);
      expect(others.map((e) => e.delivery)).toEqual(Array(PER_CUSTOMER - 1).fill('sent'));
    }
  });
});
