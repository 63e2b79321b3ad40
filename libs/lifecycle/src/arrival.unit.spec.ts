import type { WorkingHours } from '@pagedesk/tenancy';
import { arrivalAt } from './arrival';

const BERLIN_OFFICE: WorkingHours = {
  timeZone: 'Europe/Berlin',
  weekly: { monday: [{ start: '09:00', end: '17:00' }] },
  closedDates: [],
};
const MONDAY_10_BERLIN = Date.parse('2026-03-30T08:00:00Z');
const SUNDAY_10_BERLIN = Date.parse('2026-03-29T08:00:00Z');

describe('arrivalAt', () => {
  it('offers a conversation that arrives within working hours', () => {
    const settings = { workingHours: BERLIN_OFFICE, queueOutsideHours: false };
    expect(arrivalAt(settings, MONDAY_10_BERLIN)).toEqual({
      withinHours: true,
      offerToAgents: true,
    });
  });

  it('outside hours holds it back, unless the page queues anyway', () => {
    expect(
      arrivalAt({ workingHours: BERLIN_OFFICE, queueOutsideHours: false }, SUNDAY_10_BERLIN),
    ).toEqual({
      withinHours: false,
      offerToAgents: false,
    });
    expect(
      arrivalAt({ workingHours: BERLIN_OFFICE, queueOutsideHours: true }, SUNDAY_10_BERLIN),
    ).toEqual({
      withinHours: false,
      offerToAgents: true,
    });
  });

  it('treats configured pages and pages without hours as always open', () => {
    const open = { withinHours: true, offerToAgents: true };
    expect(arrivalAt(null, SUNDAY_10_BERLIN)).toEqual(open);
    expect(arrivalAt({ workingHours: null, queueOutsideHours: false }, SUNDAY_10_BERLIN)).toEqual(
      open,
    );
  });
});
