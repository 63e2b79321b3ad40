import { outboundStatuses } from './delivery-status';
import { echoMetadataFor } from './echo-metadata';
import type { ConversationEvent } from './events';
import { given, stateAfter } from './testing/decider-specification';
import { NOW, assignedConversation, command, failed, requested, sent } from './testing/fixtures';

const delivered = (watermark: number, mids: string[] | null = null): ConversationEvent => ({
  type: 'DeliveryWatermarkAdvanced',
  data: { watermark, mids },
});
const read = (watermark: number): ConversationEvent => ({
  type: 'ReadWatermarkAdvanced',
  data: { watermark },
});
const statuses = (events: ConversationEvent[]) =>
  outboundStatuses(stateAfter(events)).map(({ messageId, status }) => [messageId, status]);

describe('outboundStatuses', () => {
  const history = [...assignedConversation(), requested('o1', NOW), requested('o2', NOW + 10)];

  it('goes pending, sent, delivered, read as Facebook reports', () => {
    expect(statuses(history)).toEqual([
      ['o1', 'pending'],
      ['o2', 'pending'],
    ]);
    expect(statuses([...history, sent('o1', 'm_o1')])).toEqual([
      ['o1', 'sent'],
      ['o2', 'pending'],
    ]);
    expect(statuses([...history, sent('o1', 'm_o1'), delivered(NOW + 5)])).toEqual([
      ['o1', 'delivered'],
      ['o2', 'pending'],
    ]);
    expect(
      statuses([
        ...history,
        sent('o1', 'm_o1'),
        sent('o2', 'm_o2'),
        delivered(NOW + 5),
        read(NOW + 20),
      ]),
    ).toEqual([
      ['o1', 'read'],
      ['o2', 'read'],
    ]);
  });

  it('counts a receipt that arrived before the send was confirmed', () => {
    const receiptFirst = [...history, delivered(NOW + 5), read(NOW + 5)];
    const events = given(receiptFirst)
      .when(command('MarkAgentMessageSent', { messageId: 'o1', mid: 'm_o1', sentAt: null }))
      .then([sent('o1', 'm_o1')]);
    expect(statuses([...receiptFirst, ...events])).toEqual([
      ['o1', 'read'],
      ['o2', 'pending'],
    ]);
  });

  it('keeps receipts recorded through the decider before the send was confirmed, and applies them when the echo confirms it', () => {
    const [delivery] = given(history)
      .when(command('RecordDelivery', { watermark: NOW + 5, mids: null }))
      .then([delivered(NOW + 5)]);
    const [confirmation] = given([...history, delivery!])
      .when(
        command('RecordEcho', {
          mid: 'm_o1',
          appId: '1517776481860111',
          text: 'Yes, size M is in stock.',
          attachments: [],
          metadata: echoMetadataFor('o1'),
          sentAt: NOW + 1,
        }),
      )
      .then([sent('o1', 'm_o1', NOW + 1)]);
    expect(statuses([...history, delivery!])).toEqual([
      ['o1', 'pending'],
      ['o2', 'pending'],
    ]);
    expect(statuses([...history, delivery!, confirmation!])).toEqual([
      ['o1', 'delivered'],
      ['o2', 'pending'],
    ]);
  });

  it('counts a delivery naming the mid even when the watermark is older', () => {
    expect(statuses([...history, delivered(NOW - 1_000, ['m_o2']), sent('o2', 'm_o2')])).toEqual([
      ['o1', 'pending'],
      ['o2', 'delivered'],
    ]);
  });

  it("prefers Facebook's send time from the echo over the request time", () => {
    expect(statuses([...history, sent('o1', 'm_o1', NOW + 100), delivered(NOW + 50)])).toEqual([
      ['o1', 'sent'],
      ['o2', 'pending'],
    ]);
  });

  it('shows a failure until a retry succeeds', () => {
    const failure = failed('o1', { code: 551, permanent: true, retryAt: null });
    expect(statuses([...history, failure])).toEqual([
      ['o1', 'failed'],
      ['o2', 'pending'],
    ]);
  });

  it('is empty before the conversation exists', () => {
    expect(outboundStatuses(stateAfter([]))).toEqual([]);
  });
});
