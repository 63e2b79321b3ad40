import { blobRetention } from './blob-retention';

const DAY = 86_400_000;
const sent = (messageId: string, settledAt: number) => ({ messageId, settledAt });
const pending = (messageId: string) => ({ messageId, settledAt: null });

describe('blobRetention', () => {
  it('given a message sent longer ago than the retention, when judged, then its blob is deleted', () => {
    expect(blobRetention([sent('m1', 1 * DAY)], 1 * DAY, 31 * DAY, 30 * DAY)).toEqual({
      delete: true,
    });
  });

  it('given a message sent within the retention, when judged, then the blob is kept until it passes', () => {
    expect(blobRetention([sent('m1', 1 * DAY)], 1 * DAY, 30 * DAY, 30 * DAY)).toEqual({
      delete: false,
      reason: 'within_retention',
      until: 31 * DAY,
    });
  });

  it('given another message with the same bytes still waiting in the outbox, when judged, then the blob is kept whatever its age', () => {
    expect(
      blobRetention([sent('m1', 1 * DAY), pending('m2')], 1 * DAY, 400 * DAY, 30 * DAY),
    ).toEqual({ delete: false, reason: 'pending_send', until: null });
  });

  it('given the same bytes written again recently, when judged, then the retention counts from that write', () => {
    expect(blobRetention([sent('m1', 1 * DAY)], 20 * DAY, 40 * DAY, 30 * DAY)).toMatchObject({
      delete: false,
      until: 50 * DAY,
    });
  });

  it('given several sent messages, when judged, then the retention counts from the last', () => {
    expect(
      blobRetention([sent('m1', 1 * DAY), sent('m2', 10 * DAY)], 1 * DAY, 35 * DAY, 30 * DAY),
    ).toMatchObject({ delete: false, until: 40 * DAY });
  });

  it('given a blob no message refers to, when judged, then it is kept (its message may be on its way)', () => {
    expect(blobRetention([], 0, 400 * DAY, 30 * DAY)).toMatchObject({
      delete: false,
      reason: 'unreferenced',
    });
  });

  it('given a retention of zero, when the message is sent, then its blob may go at once', () => {
    expect(blobRetention([sent('m1', 5)], 5, 5, 0)).toEqual({ delete: true });
  });
});
