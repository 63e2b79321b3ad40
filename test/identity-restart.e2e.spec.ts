import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStoreUnavailableError,
  SqliteEventStore,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { parseWebhookDelivery } from '@pagedesk/messenger';
import { InboundModule } from '../apps/chat-server/src/inbound/inbound.module';
import { conversations, settle } from './support/inbound';
import { waitUntil } from './support/lifecycle';
import { messengerConfig, PAGE_ID, postWebhook } from './support/messenger/webhooks';
import { startTestApp, type TestApp } from './support/test-app';

type Append = EventStore['appendToStream'];
const env = (dataDir: string) => ({
  DATA_DIR: dataDir,
  MESSENGER_CONFIG: messengerConfig(),
  MESSENGER_GRAPH_API_URL: 'http://127.0.0.1:9/v25.0',
});

let clock = Date.now();
const from = (id: string) => ({ sender: { id }, recipient: { id: PAGE_ID }, timestamp: ++clock });
const body = (...messaging: Record<string, unknown>[]) =>
  JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: clock, messaging }] });
const chatPlugin = (guest: string, type: string, ref: string | null = null) => ({
  ...from(guest),
  referral: {
    type,
    ref,
    source: 'CUSTOMER_CHAT_PLUGIN',
    ...(type === 'OPEN_THREAD' ? { is_guest_user: 'true' } : {}),
  },
});
const pluginMessage = (sender: string, mid: string) => ({
  ...from(sender),
  message: { mid, text: mid, tags: { source: 'customer_chat_plugin' } },
});

/** Wraps every store's appends (the prototype, before the server opens its store) until restore(). */
function wrapAppends(wrap: (append: Append) => Append): () => void {
  const original = SqliteEventStore.prototype.appendToStream;
  SqliteEventStore.prototype.appendToStream = wrap(original);
  return () => {
    SqliteEventStore.prototype.appendToStream = original;
  };
}

const streamsWith = (all: Map<string, RecordedEvent[]>, mid: string) =>
  [...all].filter(([, events]) =>
    events.some((e) => e.type === 'CustomerMessageReceived' && e.data.mid === mid),
  );

describe('Chat Plugin identity across a crash and a restart', () => {
  let dataDir: string;
  let server: TestApp | undefined;
  let restore: (() => void) | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-identity-'));
  });
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await server?.close();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a crash between the link append and the message append: after the restart every message is recorded exactly once', async () => {
    // Dies right after the guest's second conversation is linked: nothing later reaches the store, as after a SIGKILL.
    let crashed = false;
    restore = wrapAppends(
      (append) =>
        async function (this: EventStore, streamName, events, options) {
          if (crashed) throw new EventStoreUnavailableError('the process is gone');
          const result = await append.call(this, streamName, events, options);
          crashed = events.some(
            (e) => e.type === 'CustomerConversationLinked' && e.data.sequence === 1,
          );
          return result;
        },
    );
    server = await startTestApp(env(dataDir));
    // One delivery, so the restart processes all of it again: the first conversation and its end are already stored.
    const guest = 'guest-crash-1';
    const delivery = body(
      chatPlugin(guest, 'OPEN_THREAD', 'help'),
      pluginMessage(guest, 'm_before_end'),
      chatPlugin(guest, 'END_CHAT'),
      pluginMessage(guest, 'm_after_end'),
    );
    expect((await postWebhook(server.url, delivery)).status).toBe(200);
    await waitUntil(async () => crashed);
    await server.close();
    restore();
    restore = undefined;

    server = await startTestApp(env(dataDir));
    await settle(server.app);
    const all = await conversations(server.app);
    const before = streamsWith(all, 'm_before_end');
    const after = streamsWith(all, 'm_after_end');
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    const count = (events: RecordedEvent[], mid: string) =>
      events.filter((e) => e.type === 'CustomerMessageReceived' && e.data.mid === mid).length;
    expect(count(before[0]![1], 'm_before_end')).toBe(1);
    expect(count(after[0]![1], 'm_after_end')).toBe(1);
    // The message after END_CHAT is in a conversation of its own, the ended one kept whole.
    expect(after[0]![0]).not.toBe(before[0]![0]);
    expect(before[0]![1].some((e) => e.type === 'ChatEndedByCustomer')).toBe(true);
    // Nothing else was opened: the replayed OPEN_THREAD went where it went the first time.
    expect(all.size).toBe(2);
  }, 60_000);

  it('the upgrade lanes are remembered across a restart: after END_CHAT the PSID’s message opens its own conversation', async () => {
    const guest = 'guest-restart-1';
    const psid = '7390000000000099';
    server = await startTestApp(env(dataDir));
    for (const step of [
      chatPlugin(guest, 'OPEN_THREAD', 'help'),
      pluginMessage(guest, 'm_guest'),
      chatPlugin(guest, 'GUEST_UPGRADE', psid),
    ])
      expect((await postWebhook(server.url, body(step))).status).toBe(200);
    await settle(server.app);
    await server.close();

    // END_CHAT is slow to land: a PSID message not ordered after it would overtake it into the guest's conversation.
    restore = wrapAppends(
      (append) =>
        async function (this: EventStore, streamName, events, options) {
          if (events.some((e) => e.type === 'ChatEndedByCustomer'))
            await new Promise((resolve) => setTimeout(resolve, 500));
          return append.call(this, streamName, events, options);
        },
    );
    server = await startTestApp(env(dataDir));
    const endChat = body(chatPlugin(guest, 'END_CHAT'));
    expect(
      server.app.get(InboundModule).lanes.lanesOf(parseWebhookDelivery(JSON.parse(endChat))),
    ).toEqual([`${PAGE_ID}:${guest}`, `${PAGE_ID}:${psid}`]);
    expect((await postWebhook(server.url, endChat)).status).toBe(200);
    expect((await postWebhook(server.url, body(pluginMessage(psid, 'm_psid')))).status).toBe(200);
    await settle(server.app);

    const all = await conversations(server.app);
    const [guestConversation] = streamsWith(all, 'm_guest');
    const [psidConversation] = streamsWith(all, 'm_psid');
    expect(guestConversation?.[1].some((e) => e.type === 'ChatEndedByCustomer')).toBe(true);
    expect(psidConversation?.[0]).not.toBe(guestConversation?.[0]);
    expect(psidConversation?.[1][0]?.data.customer).toEqual({ kind: 'psid', id: psid });
  }, 60_000);
});
