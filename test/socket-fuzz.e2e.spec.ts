import fc from 'fast-check';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { ERROR_CODES } from '@pagedesk/shared';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { type JsonBody } from './support/auth';
import { e2eApp } from './support/e2e-app';
import {
  deepText,
  hostileValue,
  hugeString,
  nastyKey,
  smallHostileValue,
} from './support/hostile-values';
import { settle } from './support/inbound';

const EVENTS = [
  'agent:status',
  'chat:accept',
  'chat:send',
  'chat:typing',
  'chat:close',
  'chat:transfer',
  'sync',
] as const;

/**
 * Every client → server event of /agent with anything a broken or hostile
 * desktop could send, mixed with well-formed payloads so valid paths run too.
 */
describe('socket fuzzing: every /agent event answers, nothing half-stored, the server carries on', () => {
  const desk = e2eApp();
  let store: EventStore;

  beforeAll(() => {
    store = desk.server.app.get(EVENT_STORE);
  });

  it('acks every payload with ok:true or ok:false and a known code, and records only what it accepted', async () => {
    const { agents } = await setUpQueue(desk.url, {
      agents: 2,
      routingMode: 'offer',
      maxChats: 2,
    });
    const agent = await AgentClient.connect(desk.url, agents[0]!.token);
    await agent.request('agent:status', { status: 'ready' });
    await customerWrites(desk.url, '6610001');
    const { conversationId } = await agent.next('chat:requested');
    expect(await agent.request('chat:accept', { conversationId })).toMatchObject({ ok: true });

    // Deep nesting as a value: parsed from text, since the generator cannot build it recursively.
    const deep = deepText(2_000).map((t) => JSON.parse(t) as unknown);
    const field = (valid: fc.Arbitrary<unknown>) => fc.oneof(valid, smallHostileValue, deep);
    const fields = fc.record(
      {
        conversationId: field(fc.constantFrom(conversationId, 'no-such-conversation')),
        clientMessageId: field(fc.string({ minLength: 1, maxLength: 100 })),
        text: fc.oneof(field(fc.string({ minLength: 1, maxLength: 50 })), hugeString),
        content: field(fc.constant({ kind: 'text', text: 'rich hello' })),
        on: field(fc.boolean()),
        status: field(fc.constantFrom('ready', 'not_ready')),
        toAgentId: field(fc.constant(agents[1]!.userId)),
        toQueueId: field(fc.constant('default')),
      },
      { requiredKeys: [] },
    );
    // Closing or transferring the one chat would turn every later valid send into a conflict.
    const wellFormed: Partial<Record<(typeof EVENTS)[number], fc.Arbitrary<unknown>>> = {
      'agent:status': fc.record({ status: fc.constantFrom('ready', 'not_ready') }),
      'chat:accept': fc.constant({ conversationId }),
      'chat:send': fc.record({
        conversationId: fc.constant(conversationId),
        clientMessageId: fc.string({ minLength: 1, maxLength: 100 }),
        text: fc.string({ minLength: 1, maxLength: 50 }),
      }),
      'chat:typing': fc.record({ conversationId: fc.constant(conversationId), on: fc.boolean() }),
      sync: fc.constant({}),
    };
    const anything = fc.oneof(
      hostileValue,
      fields,
      fc
        .tuple(fields, nastyKey, smallHostileValue)
        .map(([f, key, value]) => withOwnKey(f, key, value)),
    );
    const eventAndPayload = fc
      .constantFrom(...EVENTS)
      .chain((event) =>
        fc.tuple(
          fc.constant(event),
          wellFormed[event] ? fc.oneof(wellFormed[event], anything) : anything,
        ),
      );
    const accepted = new Set<string>();
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(eventAndPayload, async ([event, body]) => {
        const ack: JsonBody = await agent.request(event, body);
        expect(typeof ack.ok).toBe('boolean');
        if (ack.ok) {
          if (event === 'chat:send') accepted.add(ack.messageId);
        } else {
          expect(ERROR_CODES).toContain(ack.error.code);
          expect(typeof ack.error.message).toBe('string');
          codes.add(ack.error.code);
        }
      }),
      { numRuns: 300, seed: 1010 },
    );
    expect(codes.has('invalid')).toBe(true);
    expect(accepted.size).toBeGreaterThan(0);

    await settle(desk.server.app);
    const requested = (await store.readAll())
      .filter((e) => e.type === 'AgentMessageRequested')
      .map((e) => e.data.messageId as string);
    expect(new Set(requested)).toEqual(accepted);
    expect(Object.keys(Object.prototype)).toEqual([]);

    // The process still serves: a new customer is offered to the other agent, who can accept.
    const other = await AgentClient.connect(desk.url, agents[1]!.token);
    await other.request('agent:status', { status: 'ready' });
    await customerWrites(desk.url, '6610002');
    const offer = await other.next('chat:requested', (p) => p.customer.id === '6610002');
    expect(
      await other.request('chat:accept', { conversationId: offer.conversationId }),
    ).toMatchObject({ ok: true });
    expect((await other.request('sync', {})).ok).toBe(true);
    expect((await fetch(`${desk.url}/ready`)).status).toBe(200);
    agent.close();
    other.close();
  });
});

/** Adds `key` as an own property even when it is `__proto__`, which an object literal cannot do. */
const withOwnKey = (fields: object, key: string, value: unknown): unknown =>
  JSON.parse(JSON.stringify({ ...fields, [PLACEHOLDER]: value }).replace(PLACEHOLDER, key));
const PLACEHOLDER = 'own-key-placeholder';
