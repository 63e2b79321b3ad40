import fc from 'fast-check';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { InboundModule } from '../apps/chat-server/src/inbound/inbound.module';
import { AgentClient } from './support/agents';
import { e2eApp } from './support/e2e-app';
import { conversations, settle } from './support/inbound';
import { PAGE_ID, postWebhook } from './support/messenger/webhooks';

/** A Chat Plugin visitor's journey: a guest who may upgrade to a PSID, or a user_ref who replies as a PSID. */
type Journey =
  | {
      readonly kind: 'guest';
      readonly messages: number;
      readonly upgrade: boolean;
      /** After the upgrade the visitor writes from the Messenger app: the PSID's messages carry no plugin tag. */
      readonly fromApp: boolean;
      readonly ends: boolean;
    }
  | { readonly kind: 'user_ref'; readonly messages: number };

const journey: fc.Arbitrary<Journey> = fc.oneof(
  fc.record({
    kind: fc.constant('guest' as const),
    messages: fc.integer({ min: 1, max: 3 }),
    upgrade: fc.boolean(),
    fromApp: fc.boolean(),
    ends: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('user_ref' as const), messages: fc.integer({ min: 1, max: 2 }) }),
);

interface Step {
  readonly body: string;
  /** Set for a message: it must be recorded once, in a conversation of this visitor. */
  readonly mid?: string;
}

interface Visitor {
  readonly steps: () => Step[];
  /** The customer ids a conversation of this visitor may have been started with. */
  readonly owners: string[];
}

let clock = Date.now();
const entry = (messaging: Record<string, unknown>) =>
  JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: clock, messaging: [messaging] }] });
const from = (sender: Record<string, string>) => ({
  sender,
  recipient: { id: PAGE_ID },
  timestamp: ++clock,
});
const referral = (guest: string, type: string, ref: string | null) =>
  entry({
    ...from({ id: guest }),
    referral: {
      type,
      ref,
      source: 'CUSTOMER_CHAT_PLUGIN',
      ...(type === 'OPEN_THREAD' ? { is_guest_user: 'true' } : {}),
    },
  });
const pluginMessage = (sender: Record<string, string>, mid: string) =>
  entry({ ...from(sender), message: { mid, text: mid, tags: { source: 'customer_chat_plugin' } } });
const appMessage = (sender: Record<string, string>, mid: string) =>
  entry({ ...from(sender), message: { mid, text: mid } });

/** The webhooks one visitor causes, in the order Facebook sends them (each after the previous 200). */
function visitorOf(visitor: string, j: Journey): Visitor {
  const psid = `${visitor}9`;
  if (j.kind === 'user_ref') {
    const userRef = `ref-${visitor}`;
    return {
      // A PSID continues the user_ref's conversation only when it is the page's one open one; else it gets its own.
      owners: [userRef, psid],
      steps: () => [
        {
          body: entry({
            ...from({ user_ref: userRef }),
            postback: {
              title: 'Get Started',
              payload: 'GET_STARTED',
              referral: { ref: 'x', source: 'CUSTOMER_CHAT_PLUGIN', type: 'OPEN_THREAD' },
            },
          }),
        },
        ...Array.from({ length: j.messages }, (_, n) => ({
          body: pluginMessage({ id: psid }, `m_${psid}_${n}`),
          mid: `m_${psid}_${n}`,
        })),
      ],
    };
  }
  const guest = `${visitor}1`;
  const psidMessage = j.fromApp ? appMessage : pluginMessage;
  return {
    // GUEST_UPGRADE reaches the server before the PSID's first message: it continues the guest's conversation.
    owners: [guest],
    steps: () => {
      const steps: Step[] = [{ body: referral(guest, 'OPEN_THREAD', 'help') }];
      for (let n = 0; n < j.messages; n++)
        steps.push({
          body: pluginMessage({ id: guest }, `m_${guest}_${n}`),
          mid: `m_${guest}_${n}`,
        });
      if (j.upgrade) {
        steps.push({ body: referral(guest, 'GUEST_UPGRADE', psid) });
        for (let n = 0; n < j.messages; n++)
          steps.push({
            body: psidMessage({ id: psid }, `m_${psid}_${n}`),
            mid: `m_${psid}_${n}`,
          });
      }
      if (j.ends) steps.push({ body: referral(guest, 'END_CHAT', null) });
      return steps;
    },
  };
}

/** Makes each read and append of `store` wait its turn from the scheduler; returns the undo. */
function interleaveStore(store: EventStore, s: fc.Scheduler): () => void {
  const { readStream, appendToStream } = store;
  store.readStream = async (...args) => {
    await s.schedule(Promise.resolve());
    return readStream.apply(store, args);
  };
  store.appendToStream = async (...args) => {
    await s.schedule(Promise.resolve());
    return appendToStream.apply(store, args);
  };
  return () => {
    store.readStream = readStream;
    store.appendToStream = appendToStream;
  };
}

/**
 * Several Chat Plugin visitors at once, their webhooks interleaved by
 * fast-check's scheduler: every message must be recorded exactly once, in a
 * conversation that belongs to its own visitor: a guest's, also for the
 * messages of the PSID it upgraded to (plugin-tagged or from the Messenger
 * app); a user_ref's or its PSID's.
 */
describe('Chat Plugin identity under concurrency', () => {
  // Assigned conversations too: an update taking the opening path on one is refused (already_assigned).
  const desk = e2eApp({ queue: { agents: 1, routingMode: 'auto', maxChats: 50 } });
  let run = 0;
  let ada: AgentClient;

  beforeAll(async () => {
    ada = await desk.connectShared(desk.agents[0]!);
    await ada.request('agent:status', { status: 'ready' });
  });

  it('records every message once, in its own visitor’s conversation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(journey, { minLength: 4, maxLength: 12 }),
        fc.scheduler(),
        async (journeys, s) => {
          run += 1;
          const visitors = journeys.map((j, v) => visitorOf(`44${run}0${v}0`, j));
          // Stored first, processed after, as after a restart with a backlog: the lanes then run side by side at full concurrency.
          const [inbound] = desk.server.app.get(InboundModule).reactors;
          await inbound!.stop();
          const chains = visitors.map(async ({ steps }) => {
            for (const step of steps()) {
              // The scheduler decides which visitor's next webhook goes first.
              await s.schedule(Promise.resolve());
              const response = await postWebhook(desk.url, step.body);
              if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
            }
          });
          try {
            await s.waitFor(Promise.all(chains));
          } finally {
            // Every read and append of the processing waits for the scheduler: fast-check picks the interleaving of the lanes.
            const restore = interleaveStore(desk.server.app.get<EventStore>(EVENT_STORE), s);
            inbound!.start();
            try {
              await s.waitFor(settle(desk.server.app));
            } finally {
              restore();
              await s.waitIdle();
            }
          }
          const byStream = await conversations(desk.server.app);
          const ownerOf = new Map<string, string>();
          for (const [stream, events] of byStream) {
            const started = events.find((e) => e.type === 'ConversationStarted');
            if (started) ownerOf.set(stream, (started.data.customer as { id: string }).id);
          }
          const recorded = [...byStream.entries()].flatMap(([stream, events]) =>
            events
              .filter((e: RecordedEvent) => e.type === 'CustomerMessageReceived')
              .map((e) => ({ stream, mid: e.data.mid as string })),
          );
          for (const { owners, steps } of visitors) {
            for (const { mid } of steps()) {
              if (!mid) continue;
              const where = recorded.filter((r) => r.mid === mid);
              expect({ mid, times: where.length }).toEqual({ mid, times: 1 });
              expect({ mid, owner: owners.includes(ownerOf.get(where[0]!.stream) ?? '') }).toEqual({
                mid,
                owner: true,
              });
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
