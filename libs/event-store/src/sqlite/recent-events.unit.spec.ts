import type { RecordedEvent } from '../event';
import { RecentEvents, type Written } from './recent-events';

const at = (position: number, bytes = 10): Written => ({
  globalPosition: position,
  type: 'Test',
  streamName: 'test-1',
  bytes,
  event: () => ({ globalPosition: position }) as RecordedEvent,
});
const positions = (events: RecordedEvent[] | undefined) => events?.map((e) => e.globalPosition);

describe('RecentEvents', () => {
  it('answers only for ranges it holds without a gap', () => {
    const recent = new RecentEvents();
    recent.add([at(5), at(6)]);
    recent.add([at(7)]);
    expect(positions(recent.after(4, 10))).toEqual([5, 6, 7]);
    expect(positions(recent.after(5, 1))).toEqual([6]);
    expect(recent.after(3, 10)).toBeUndefined();
    expect(recent.after(7, 10)).toBeUndefined();
  });

  it('forgets everything when positions jump, because another writer owns the missing ones', () => {
    const recent = new RecentEvents();
    recent.add([at(1), at(2)]);
    recent.add([at(4)]);
    expect(recent.after(0, 10)).toBeUndefined();
    recent.add([at(5)]);
    expect(positions(recent.after(4, 10))).toEqual([5]);
  });

  it('starts again after a jump, and takes what a read found only past what it holds', () => {
    const recent = new RecentEvents();
    recent.add([at(1), at(2)]);
    recent.add([at(4), at(5)]);
    expect(positions(recent.after(3, 10))).toEqual([4, 5]);
    expect(recent.after(2, 10)).toBeUndefined();
    recent.add([at(3), at(4), at(5), at(6)]);
    expect(positions(recent.after(3, 10))).toEqual([4, 5, 6]);
  });

  it('starts again with a read from the file that reaches back before it, so that read can answer', () => {
    const recent = new RecentEvents();
    recent.add([at(4), at(5)]);
    recent.cover([at(2), at(3), at(4), at(5), at(6)]);
    expect(positions(recent.after(1, 10))).toEqual([2, 3, 4, 5, 6]);
    recent.cover([at(5), at(6), at(7)]);
    expect(positions(recent.after(1, 10))).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('stays within its count and memory bounds, keeping the newest', () => {
    const byCount = new RecentEvents(2, 1_000);
    byCount.add([at(1), at(2), at(3), at(4), at(5)]);
    expect(positions(byCount.after(3, 10))).toEqual([4, 5]);
    expect(byCount.after(2, 10)).toBeUndefined();
    const byBytes = new RecentEvents(100, 100);
    byBytes.add([at(1, 40), at(2, 40), at(3, 40)]);
    expect(positions(byBytes.after(2, 10))).toEqual([3]);
    expect(byBytes.after(1, 10)).toBeUndefined();
  });
});
