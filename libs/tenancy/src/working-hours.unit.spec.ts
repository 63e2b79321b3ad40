import { workingHoursProblem, type WorkingHours } from './working-hours';

const hours = (extra: Partial<WorkingHours>): WorkingHours => ({
  timeZone: 'America/New_York',
  weekly: {},
  closedDates: [],
  ...extra,
});

describe('workingHoursProblem', () => {
  it('accepts a split day, midnight as 24:00 and real closed dates', () => {
    expect(
      workingHoursProblem(
        hours({
          weekly: {
            monday: [
              { start: '13:00', end: '24:00' },
              { start: '08:00', end: '12:00' },
            ],
            sunday: [],
          },
          closedDates: ['2024-02-29', '2025-12-25'],
        }),
      ),
    ).toBeNull();
  });

  it.each<[Partial<WorkingHours>, string]>([
    [{ timeZone: 'Mars/Base' }, 'workingHours.timeZone'],
    [{ timeZone: '' }, 'workingHours.timeZone'],
    [{ weekly: { funday: [] } as never }, 'workingHours.weekly.funday'],
    [
      { weekly: { monday: [{ start: '24:00', end: '24:00' }] } },
      'workingHours.weekly.monday[0].start',
    ],
    [
      { weekly: { monday: [{ start: '09:00', end: '25:00' }] } },
      'workingHours.weekly.monday[0].end',
    ],
    [{ weekly: { monday: [{ start: '09:00', end: '09:00' }] } }, 'must be after start'],
    [
      {
        weekly: {
          friday: [
            { start: '09:00', end: '13:00' },
            { start: '12:59', end: '15:00' },
          ],
        },
      },
      'overlapping',
    ],
    [{ closedDates: ['2025-02-29'] }, 'workingHours.closedDates[0]'],
    [{ closedDates: ['25-12-2025'] }, 'workingHours.closedDates[0]'],
  ])('refuses %j naming %s', (extra, field) => {
    expect(workingHoursProblem(hours(extra))).toContain(field);
  });
});
