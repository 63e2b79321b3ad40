import Database from 'better-sqlite3';
import { outboundStatuses, type ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import { SqliteAsyncSqlDb } from '@pagedesk/processing';
import { TranscriptProjection, Transcripts } from '@pagedesk/read-models';
import type { JsonObject } from '@pagedesk/shared';
import { stateAfter } from '../libs/conversation/src/testing/decider-specification';
import {
  assignedConversation,
  CONVERSATION_ID,
  failed,
  NOW,
  requested,
  sent,
  TENANT,
} from '../libs/conversation/src/testing/fixtures';
import { DeliveryLedger } from '../apps/chat-server/src/gateway/delivery-ledger';

const delivered = (watermark: number, mids: string[] | null = null): ConversationEvent => ({
  type: 'DeliveryWatermarkAdvanced',
  data: { watermark, mids },
});
const read = (watermark: number): ConversationEvent => ({
  type: 'ReadWatermarkAdvanced',
  data: { watermark },
});

type Statuses = Record<string, string>;

/** What the aggregate (the decider's state) says about each outbound message. */
const byDecider = (events: ConversationEvent[]): Statuses =>
  Object.fromEntries(outboundStatuses(stateAfter(events)).map((m) => [m.messageId, m.status]));

/** What the desktop shows: the last status a chat:delivery push carried for each message. */
function byDesktop(events: ConversationEvent[]): Statuses {
  const ledger = new DeliveryLedger();
  const shown: Statuses = {};
  for (const event of events) {
    if (event.type === 'AgentMessageRequested') shown[event.data.messageId] = 'pending';
    for (const m of ledger.apply(CONVERSATION_ID, event)) shown[m.messageId] = m.status;
  }
  return shown;
}

/** What supervisors read in the transcript (the read model, over real SQLite). */
async function byTranscript(events: ConversationEvent[]): Promise<Statuses> {
  const db = new SqliteAsyncSqlDb(new Database(':memory:'));
  const projection = new TranscriptProjection(db);
  await projection.createSchema();
  for (const [index, event] of events.entries()) {
    await projection.apply({
      id: `e${index}`,
      type: event.type,
      data: event.data as unknown as JsonObject,
      metadata: { correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: 'x' },
      streamName: `conversation-${CONVERSATION_ID}`,
      revision: index,
      globalPosition: index + 1,
    } satisfies RecordedEvent);
  }
  const names = { namesOf: async () => new Map<string, string>() };
  const transcript = await new Transcripts(db, names).get(TENANT, CONVERSATION_ID);
  return Object.fromEntries(
    transcript!.entries
      .filter((e) => e.kind === 'agent')
      .map((e) => [e.id.replace(/^out:/, ''), e.delivery!]),
  );
}

/** All three views of one history must say the same, and what Messenger's semantics say. */
async function expectEveryViewToSay(events: ConversationEvent[], expected: Statuses) {
  expect({
    decider: byDecider(events),
    desktop: byDesktop(events),
    transcript: await byTranscript(events),
  }).toEqual({ decider: expected, desktop: expected, transcript: expected });
}

describe('one delivery status rule: the decider, the transcript and the desktop agree', () => {
  const history = [...assignedConversation(), requested('o1', NOW), requested('o2', NOW + 10)];

  it('an echo confirms a send: sent, not delivered, until the customer’s receipt', async () => {
    const echoed = [...history, sent('o1', 'm_o1', NOW + 1)];
    await expectEveryViewToSay(echoed, { o1: 'sent', o2: 'pending' });
    await expectEveryViewToSay([...echoed, delivered(NOW + 5)], { o1: 'delivered', o2: 'pending' });
  });

  it('a send confirmed by the Send API alone is sent too', async () => {
    await expectEveryViewToSay([...history, sent('o1', 'm_o1', null, NOW + 500)], {
      o1: 'sent',
      o2: 'pending',
    });
  });

  it('a receipt that overtook the confirmation counts once the message is sent', async () => {
    await expectEveryViewToSay([...history, delivered(NOW + 5), sent('o1', 'm_o1', NOW + 1)], {
      o1: 'delivered',
      o2: 'pending',
    });
    await expectEveryViewToSay([...history, delivered(NOW - 1_000, ['m_o2']), sent('o2', 'm_o2')], {
      o1: 'pending',
      o2: 'delivered',
    });
  });

  it('reads cover every message sent before the watermark', async () => {
    const events = [...history, sent('o1', 'm_o1'), sent('o2', 'm_o2'), read(NOW + 20)];
    await expectEveryViewToSay(events, { o1: 'read', o2: 'read' });
  });

  it('a transient failure is still pending (it is retried); a permanent one failed', async () => {
    const transient = failed('o1', { permanent: false, retryAt: NOW + 1_000 });
    const permanent = failed('o2', { code: 551, permanent: true, retryAt: null });
    await expectEveryViewToSay([...history, transient, permanent], {
      o1: 'pending',
      o2: 'failed',
    });
    await expectEveryViewToSay([...history, transient, sent('o1', 'm_o1')], {
      o1: 'sent',
      o2: 'pending',
    });
  });
});
