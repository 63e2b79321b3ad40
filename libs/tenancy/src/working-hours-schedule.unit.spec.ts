import { isOpenAt, type WorkingHours } from './working-hours';

const at = (iso: string) => Date.parse(iso);
const OFFICE = [{ start: '09:00', end: '17:00' }];
const weekdays = (timeZone: string, extra: Partial<WorkingHours> = {}): WorkingHours => ({
  timeZone,
  weekly: { monday: OFFICE, tuesday: OFFICE, wednesday: OFFICE, thursday: OFFICE, friday: OFFICE },
  closedDates: [],
  ...extra,
});

describe('isOpenAt', () => {
  it('is always open without working hours and never open with an empty week', () => {
    expect(isOpenAt(null, at('2026-03-29T03:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdays('UTC', { weekly: {} }), at('2026-03-30T10:00:00Z'))).toBe(false);
  });

  it('reads the week in the page’s zone: Friday evening in New York is Saturday in UTC', () => {
    const hours = weekdays('America/New_York', {
      weekly: { friday: [{ start: '20:00', end: '24:00' }] },
    });
    expect(isOpenAt(hours, at('2026-07-04T03:59:00Z'))).toBe(true); // Fri 23:59 EDT
    expect(isOpenAt(hours, at('2026-07-04T04:00:00Z'))).toBe(false); // Sat 00:00 EDT
    expect(isOpenAt(hours, at('2026-07-03T23:59:00Z'))).toBe(false); // Fri 19:59 EDT
  });

  it('keeps 09:00–17:00 on the local clock across Berlin’s spring change (last Sunday of March)', () => {
    const berlin = weekdays('Europe/Berlin');
    // Friday before: CET, UTC+1.
    expect(isOpenAt(berlin, at('2026-03-27T07:59:00Z'))).toBe(false);
    expect(isOpenAt(berlin, at('2026-03-27T08:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-03-27T15:59:00Z'))).toBe(true);
    // Monday after: CEST, UTC+2; a fixed UTC+1 would be an hour off both ends.
    expect(isOpenAt(berlin, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-03-30T06:59:00Z'))).toBe(false);
    expect(isOpenAt(berlin, at('2026-03-30T15:00:00Z'))).toBe(false);
  });

  it('on the night of the spring change, a range over the skipped hour lasts one real hour', () => {
    const night = weekdays('Europe/Berlin', {
      weekly: { sunday: [{ start: '01:00', end: '03:00' }] },
    });
    expect(isOpenAt(night, at('2026-03-29T00:00:00Z'))).toBe(true); // 01:00 CET
    expect(isOpenAt(night, at('2026-03-29T00:59:00Z'))).toBe(true); // 01:59 CET
    expect(isOpenAt(night, at('2026-03-29T01:00:00Z'))).toBe(false); // 03:00 CEST
  });

  it('on the night of the autumn change (last Sunday of October), the repeated hour is open twice', () => {
    const night = weekdays('Europe/Berlin', {
      weekly: { sunday: [{ start: '02:00', end: '03:00' }] },
    });
    expect(isOpenAt(night, at('2026-10-24T23:59:00Z'))).toBe(false); // 01:59 CEST
    expect(isOpenAt(night, at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isOpenAt(night, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(isOpenAt(night, at('2026-10-25T02:00:00Z'))).toBe(false); // 03:00 CET
  });

  it('follows New York’s own change date (second Sunday of March), not Europe’s', () => {
    const newYork = weekdays('America/New_York');
    expect(isOpenAt(newYork, at('2026-03-06T14:00:00Z'))).toBe(true); // Fri 09:00 EST
    expect(isOpenAt(newYork, at('2026-03-09T13:00:00Z'))).toBe(true); // Mon 09:00 EDT
    expect(isOpenAt(newYork, at('2026-03-09T12:59:00Z'))).toBe(false); // Mon 08:59 EDT
    expect(isOpenAt(newYork, at('2026-03-09T21:00:00Z'))).toBe(false); // Mon 17:00 EDT
  });

  it('closes all day on a closed date of the page’s calendar, not UTC’s', () => {
    const hours = weekdays('America/New_York', { closedDates: ['2026-12-25'] });
    expect(isOpenAt(hours, at('2026-12-25T15:00:00Z'))).toBe(false); // Fri 10:00 EST, Christmas
    expect(isOpenAt(hours, at('2026-12-24T21:30:00Z'))).toBe(true); // Thu 16:30 EST, UTC date still the 24th
    const late = weekdays('America/New_York', {
      weekly: { thursday: [{ start: '18:00', end: '24:00' }] },
      closedDates: ['2026-12-25'],
    });
    expect(isOpenAt(late, at('2026-12-25T02:00:00Z'))).toBe(true); // Thu 21:00 EST, UTC date the 25th
  });
});
