import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { readQuarantine, type QuarantinedItem } from '@pagedesk/processing';
import { InboundModule } from '../apps/chat-server/src/inbound/inbound.module';
import { INBOUND_REACTOR, INBOX_STREAM } from '../apps/chat-server/src/inbound/inbox';
import { POISON_CORPUS } from './fixtures/poison-corpus';
import { AgentClient } from './support/agents';
import { type JsonBody } from './support/auth';
import { e2eApp } from './support/e2e-app';
import { settle } from './support/inbound';
import { MovableClock } from './support/lifecycle';
import * as fb from './support/messenger/deliveries';
import { PAGE_ID, postWebhook } from './support/messenger/webhooks';

/**
 * The odd values of test/fixtures/poison-corpus.ts through the real webhook
 * and the real inbound reactor: none may hold up the customers after it.
 */
describe('poison corpus', () => {
  const clock = new MovableClock();
  const desk = e2eApp({
    queue: { agents: 1, routingMode: 'auto', maxChats: 50 },
    overrides: { clock },
  });
  let store: EventStore;
  let ada: AgentClient;

  beforeAll(async () => {
    store = desk.server.app.get(EVENT_STORE);
    ada = await desk.connectShared(desk.agents[0]!);
    expect(await ada.request('agent:status', { status: 'ready' })).toMatchObject({ ok: true });
  });

  const normalMessage = async (psid: string, at: number) => {
    const body = fb.delivery(PAGE_ID, fb.text(PAGE_ID, psid, `m_normal_${psid}`, 'hello', at));
    expect((await postWebhook(desk.url, body)).status).toBe(200);
    const assigned = await ada.next('chat:assigned', (p: JsonBody) => p.customer.id === psid);
    expect(assigned.conversationId).toEqual(expect.any(String));
  };

  /** What became of each update of one delivery: a conversation event it caused, or its quarantine entry. */
  const outcomeOf = (
    delivery: RecordedEvent,
    log: readonly RecordedEvent[],
    quarantined: readonly QuarantinedItem[],
  ) => {
    const applied = log.some(
      (e) =>
        e.streamName.startsWith('conversation-') &&
        e.metadata.causationId.startsWith(`${delivery.id}:`),
    );
    const held = quarantined.find((q) => q.eventId === delivery.id);
    return applied ? 'applied' : held ? `quarantined: ${held.reason}` : 'lost';
  };

  it('every odd update is applied or quarantined with a reason, and normal messages after it reach an agent, also 10 s later', async () => {
    const start = Date.now();
    for (const [i, poison] of POISON_CORPUS.entries()) {
      const body = fb.delivery(PAGE_ID, poison.messaging(PAGE_ID, start + i));
      expect({ label: poison.label, status: (await postWebhook(desk.url, body)).status }).toEqual({
        label: poison.label,
        status: 200,
      });
    }
    await normalMessage('7392015642220001', start + 100);

    // The reproduction waited 8 s: time moves, the reactor is still running.
    clock.set(clock.now().getTime() + 10_000);
    await normalMessage('7392015642220002', start + 10_100);
    await settle(desk.server.app);

    const log = await store.readAll();
    const deliveries = log.filter((e) => e.streamName === INBOX_STREAM);
    const quarantined = (await readQuarantine(store, INBOUND_REACTOR)).list();
    const outcomes = Object.fromEntries(
      POISON_CORPUS.map((poison, i) => [poison.label, outcomeOf(deliveries[i]!, log, quarantined)]),
    );
    for (const [label, outcome] of Object.entries(outcomes))
      expect({ label, outcome }).toEqual({
        label,
        outcome: expect.stringMatching(/^(applied|quarantined: \w+)$/),
      });
    // The ids that used to stop processing are applied now, under an encoded stream name.
    expect(outcomes).toEqual({
      'a sender id with spaces': 'applied',
      'a 300-character sender id': 'applied',
      'a 10,000-character sender id': 'applied',
      'a unicode sender id': 'applied',
      'a numeric sender id': 'applied',
      'an empty sender id': 'quarantined: unsupported_update',
      'a 5,000-character mid': 'applied',
      'a timestamp as a string': 'applied',
      'a negative timestamp': 'applied',
      'a far-future timestamp': 'applied',
      'a 100,000-character text': 'applied',
      'an unknown kind of update': 'quarantined: unsupported_update',
      'a Chat Plugin user_ref with spaces and unicode': 'applied',
    });

    const [inbound] = desk.server.app.get(InboundModule).reactors;
    expect(inbound!.status().state).toBe('running');
    const ready = (await fetch(`${desk.url}/ready`).then((r) => r.json())) as JsonBody;
    expect(ready.details.quarantine.total).toBe(quarantined.length);
    expect(quarantined.length).toBeGreaterThanOrEqual(2);
  });
});
