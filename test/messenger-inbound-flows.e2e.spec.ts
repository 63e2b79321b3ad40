import {
  conversationDecider,
  conversationEventCodec,
  type ConversationEvent,
} from '@pagedesk/conversation';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteConversationCommand } from '../apps/chat-server/src/conversations/execute-conversation-command';
import { InboundModule } from '../apps/chat-server/src/inbound/inbound.module';
import { InboundProcessor } from '../apps/chat-server/src/inbound/inbound-processor';
import { FakeGraphServer } from './support/fake-graph/fake-graph-server';
import { conversations, settle } from './support/inbound';
import * as fb from './support/messenger/deliveries';
import { fixture, messengerConfig, PAGE_ID, postWebhook, PSID } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

const GUEST = '4455667788990011';

describe('Messenger inbound flows', () => {
  let graph: FakeGraphServer;
  let servers: TestApp[] = [];

  beforeAll(async () => {
    graph = await FakeGraphServer.start();
  });
  afterAll(() => graph.close());
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  const start = async () => {
    const server = await startTestApp({
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
    });
    servers.push(server);
    return server;
  };

  const post = async (server: TestApp, body: string | Buffer) => {
    const response = await postWebhook(server.url, body);
    expect(response.status).toBe(200);
  };

  const streams = async (server: TestApp) => [...(await conversations(server.app)).values()];
  const ofType = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type);

  it('starts one conversation when two deliveries for a new customer are processed at the same moment', async () => {
    const server = await start();
    await Promise.all(server.app.get(InboundModule).reactors.map((r) => r.stop()));
    await post(
      server,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, '5550001', 'm_race_1', 'hello?', 1_785_312_000_000)),
    );
    await post(
      server,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, '5550001', 'm_race_2', 'anyone?', 1_785_312_000_100)),
    );
    const inbox = await server.app.get<EventStore>(EVENT_STORE).readStream('inbox-messenger');
    const processor = server.app.get(InboundProcessor);
    await Promise.all([...inbox, ...inbox].map((d) => processor.processDelivery(d)));
    const all = await streams(server);
    expect(all).toHaveLength(1);
    expect(ofType(all[0]!, 'ConversationStarted')).toHaveLength(1);
    expect(
      ofType(all[0]!, 'CustomerMessageReceived')
        .map((e) => e.data.mid)
        .sort(),
    ).toEqual(['m_race_1', 'm_race_2']);
  });

  it('continues a guest chat under the PSID after GUEST_UPGRADE, and a new message after END_CHAT opens a new conversation', async () => {
    const server = await start();
    await post(server, fixture('referral-guest-open'));
    await post(
      server,
      fb.delivery(
        PAGE_ID,
        fb.text(PAGE_ID, GUEST, 'm_guest_1', 'where is my order?', 1_785_312_010_000),
      ),
    );
    await post(server, fixture('referral-guest-upgrade'));
    await post(
      server,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, PSID, 'm_psid_1', 'logged in now', 1_785_312_040_000)),
    );
    await settle(server.app);
    let all = await streams(server);
    expect(all).toHaveLength(1);
    expect(all[0]![0]!.data).toMatchObject({
      customer: { kind: 'guest', id: GUEST },
      channel: 'chat_plugin',
    });
    expect(ofType(all[0]!, 'GuestUpgraded')[0]!.data).toMatchObject({ guestId: GUEST, psid: PSID });
    expect(ofType(all[0]!, 'CustomerMessageReceived').map((e) => e.data.mid)).toEqual([
      'm_guest_1',
      'm_psid_1',
    ]);

    await post(server, fixture('referral-guest-end-chat'));
    await post(
      server,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, PSID, 'm_psid_2', 'one more thing', 1_785_312_090_000)),
    );
    await settle(server.app);
    all = await streams(server);
    expect(all).toHaveLength(2);
    const ended = all.find((events) => events.some((e) => e.type === 'ChatEndedByCustomer'))!;
    const fresh = all.find((events) => events !== ended)!;
    expect(ofType(fresh, 'CustomerMessageReceived').map((e) => e.data.mid)).toEqual(['m_psid_2']);
  });

  it('continues a Chat Plugin user_ref conversation when the visitor replies with a PSID', async () => {
    const server = await start();
    await post(server, fixture('postback-chat-plugin-user-ref'));
    await post(server, fixture('chat-plugin-message'));
    // Plain PSID messages run in the customer's own lane; this one comes a moment later, as a reply would.
    await settle(server.app);
    await post(
      server,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, PSID, 'm_after_ref', 'still me', 1_785_312_060_000)),
    );
    await settle(server.app);
    const all = await streams(server);
    expect(all).toHaveLength(1);
    expect(all[0]![0]!.data).toMatchObject({
      customer: { kind: 'user_ref', id: 'uref_5566778899' },
      channel: 'chat_plugin',
    });
    expect(ofType(all[0]!, 'UserRefResolved')[0]!.data).toMatchObject({
      userRef: 'uref_5566778899',
      psid: PSID,
    });
    expect(ofType(all[0]!, 'CustomerMessageReceived').map((e) => e.data.mid)).toEqual([
      'm_Plugin12',
      'm_after_ref',
    ]);
  });

  it('does not guess between two open user_ref visitors: the PSID gets its own conversation', async () => {
    const server = await start();
    await post(server, fixture('postback-chat-plugin-user-ref'));
    await post(
      server,
      fixture('postback-chat-plugin-user-ref')
        .toString('utf8')
        .replaceAll('uref_5566778899', 'uref_other'),
    );
    await post(server, fixture('chat-plugin-message'));
    await settle(server.app);
    const all = await streams(server);
    expect(all).toHaveLength(3);
    expect(all.flat().filter((e) => e.type === 'UserRefResolved')).toHaveLength(0);
  });

  it('records edits, reactions, postbacks, standby postbacks, page-inbox echoes and receipts in the customer conversation', async () => {
    const server = await start();
    for (const name of [
      'text',
      'message-edit',
      'reaction',
      'postback-get-started',
      'standby-postback',
      'echo-page-inbox',
      'read',
      'quick-reply-email',
    ]) {
      await post(server, fixture(name));
    }
    await settle(server.app);
    const [events, ...others] = await streams(server);
    expect(others).toHaveLength(0);
    const kinds = new Set(events!.map((e) => e.type));
    for (const type of [
      'CustomerMessageReceived',
      'CustomerMessageEdited',
      'ReactionSet',
      'PostbackReceived',
      'PageMessageEchoed',
      'ReadWatermarkAdvanced',
      'ContactInfoShared',
    ]) {
      expect({ type, present: kinds.has(type) }).toEqual({ type, present: true });
    }
    expect(
      ofType(events!, 'PostbackReceived')
        .map((e) => e.data.standby)
        .sort(),
    ).toEqual([false, true]);
    expect(ofType(events!, 'ContactInfoShared')[0]!.data).toMatchObject({ kind: 'email' });
  });

  it('does not record a message again when its delivery is re-processed after the customer moved to a new conversation', async () => {
    const server = await start();
    const psid = '5550777';
    const t0 = 1_785_600_000_000;
    await post(server, fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, 'm_again_0', 'first', t0)));
    await post(server, fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, 'm_again_1', 'second', t0 + 1)));
    await settle(server.app);
    const [first] = await streams(server);
    const conversationId = first![0]!.streamName.slice('conversation-'.length);
    await server.app.get(CommandBus).execute(
      new ExecuteConversationCommand(
        conversationId,
        {
          type: 'CloseConversation',
          data: { agentId: 'agent-1' },
          metadata: { now: new Date(t0 + 10).toISOString() },
        },
        {
          correlationId: 'close',
          causationId: 'close',
          actor: 'agent-1',
          now: new Date(t0 + 10).toISOString(),
        },
      ),
    );
    await post(
      server,
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, 'm_again_2', 'new topic', t0 + 20)),
    );
    await settle(server.app);
    expect(await streams(server)).toHaveLength(2);

    // What a restart does when the checkpoint was behind: the second delivery is processed again.
    const inbox = await server.app.get<EventStore>(EVENT_STORE).readStream('inbox-messenger');
    await server.app.get(InboundProcessor).processDelivery(inbox[1]!);
    const recorded = (await streams(server))
      .flat()
      .filter((e) => e.type === 'CustomerMessageReceived');
    expect(recorded.map((e) => e.data.mid).sort()).toEqual(['m_again_0', 'm_again_1', 'm_again_2']);
  });

  it('gives the same conversations when every delivery arrives three times in shuffled order', async () => {
    const deliveries = realisticDeliveries();
    const clean = await start();
    for (const body of deliveries) await post(clean, body);
    await settle(clean.app);

    const shuffled = await start();
    for (const body of shuffle([...deliveries, ...deliveries, ...deliveries], 42))
      await post(shuffled, body);
    await settle(shuffled.app);

    expect(await describeAll(shuffled)).toEqual(await describeAll(clean));
    expect((await describeAll(clean)).size).toBe(3);
  });
});

/** Three customers, each with messages, an image, a quick-reply answer, an edit, a reaction, a postback and a read receipt. */
function realisticDeliveries(): string[] {
  const t0 = 1_785_400_000_000;
  return ['6100001', '6100002', '6100003'].flatMap((psid, c) => {
    const t = (n: number) => t0 + c * 100_000 + n * 1_000;
    const mid = (n: number) => `m_${psid}_${n}`;
    return [
      fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, mid(1), 'Hi, my parcel did not arrive', t(1))),
      fb.delivery(
        PAGE_ID,
        fb.text(PAGE_ID, psid, mid(2), 'Order 4411', t(2)),
        fb.image(PAGE_ID, psid, mid(3), 'https://cdn.example/p.jpg', t(3)),
      ),
      fb.delivery(PAGE_ID, fb.pageEcho(PAGE_ID, psid, mid(4), 'Let me check', t(4))),
      fb.delivery(PAGE_ID, fb.quickReply(PAGE_ID, psid, mid(5), `c${c}@example.com`, t(5))),
      fb.delivery(PAGE_ID, fb.edit(PAGE_ID, psid, mid(2), 'Order 4412', t(6))),
      fb.delivery(
        PAGE_ID,
        fb.reaction(PAGE_ID, psid, mid(4), '❤️', t(7)),
        fb.read(PAGE_ID, psid, t(4), t(7)),
      ),
      fb.delivery(PAGE_ID, fb.postback(PAGE_ID, psid, mid(8), 'TALK_TO_AGENT', t(8))),
    ];
  });
}

/** What a person would compare: each conversation's final state and what was said, independent of arrival order. */
async function describeAll(server: TestApp): Promise<Map<string, unknown>> {
  const described = new Map<string, unknown>();
  for (const [stream, events] of await conversations(server.app)) {
    const domain = events.map((e) => conversationEventCodec.decode(e));
    const state = domain.reduce(conversationDecider.evolve, conversationDecider.initialState());
    // queuedAt is when Pagedesk processed the first delivery: a wall-clock moment, not part of what was said.
    const { queuedAt: _processedAt, ...rest } = state as typeof state & { queuedAt?: number };
    described.set(stream, { state: normalise(rest), said: said(domain) });
  }
  return described;
}

const SAID = new Set([
  'CustomerMessageReceived',
  'CustomerMessageEdited',
  'PostbackReceived',
  'PageMessageEchoed',
  'ContactInfoShared',
  'ReactionSet',
]);
const said = (events: ConversationEvent[]) =>
  events
    .filter((e) => SAID.has(e.type))
    .map((e) => JSON.stringify([e.type, e.data]))
    .sort();

function normalise(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(normalise).sort();
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, normalise(v)]).sort();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}

function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  const random = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
