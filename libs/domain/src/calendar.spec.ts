import { statutoryHolidays, WorkingCalendar } from './calendar';

/** Instants are given in Asia/Ho_Chi_Minh (+07:00); deadlines end at 23:59:59.999 local. */
const at = (local: string) => new Date(`${local}+07:00`);
const endOf = (day: string) => new Date(`${day}T23:59:59.999+07:00`).toISOString();

describe('WorkingCalendar', () => {
  const cal = new WorkingCalendar();

  it('counts Monday to Friday', () => {
    // Monday 23/11/2026 → +1 Tuesday, +5 next Monday.
    expect(cal.addWorkingDays(at('2026-11-23T10:00:00'), 1).toISOString()).toBe(endOf('2026-11-24'));
    expect(cal.addWorkingDays(at('2026-11-23T10:00:00'), 5).toISOString()).toBe(endOf('2026-11-30'));
    // Friday → Monday.
    expect(cal.addWorkingDays(at('2026-11-27T16:00:00'), 1).toISOString()).toBe(endOf('2026-11-30'));
  });

  it('uses the Vietnamese date, not the UTC one', () => {
    // 23:30 on Friday in Hà Nội is 16:30 UTC the same day; 00:30 Saturday local is still Friday in UTC.
    expect(cal.addWorkingDays(at('2026-11-28T00:30:00'), 1).toISOString()).toBe(endOf('2026-11-30'));
  });

  it('skips 30/4, 1/5 and 2/9 with its neighbour day', () => {
    // Wednesday 29/4/2026 + 1 → 30/4 Thu and 1/5 Fri off → Monday 4/5.
    expect(cal.addWorkingDays(at('2026-04-29T09:00:00'), 1).toISOString()).toBe(endOf('2026-05-04'));
    // Monday 31/8/2026 + 1 → 1/9 and 2/9 off → Thursday 3/9.
    expect(cal.addWorkingDays(at('2026-08-31T09:00:00'), 1).toISOString()).toBe(endOf('2026-09-03'));
  });

  it('skips Tết Nguyên đán 2026 (17/2 is mùng 1)', () => {
    // Friday 13/2 + 1: 16/2–20/2 are Tết → Monday 23/2.
    expect(cal.addWorkingDays(at('2026-02-13T09:00:00'), 1).toISOString()).toBe(endOf('2026-02-23'));
  });

  it('gives a substitute day when a holiday falls on a weekend', () => {
    // 1/1/2028 is a Saturday → Monday 3/1/2028 off.
    const days = statutoryHolidays(2028).map((d) => d.date);
    expect(days).toContain('2028-01-03');
  });

  it('flash: the end of today when it is a working day, else of the next one', () => {
    expect(cal.endOfWorkingDay(at('2026-11-23T10:00:00')).toISOString()).toBe(endOf('2026-11-23'));
    expect(cal.endOfWorkingDay(at('2026-11-28T10:00:00')).toISOString()).toBe(endOf('2026-11-30'));
  });

  it('honours an admin’s extra holidays and make-up Saturdays', () => {
    const custom = new WorkingCalendar({ holidays: ['2026-11-24'], workingDays: ['2026-11-28'] });
    expect(custom.addWorkingDays(at('2026-11-23T10:00:00'), 1).toISOString()).toBe(endOf('2026-11-25'));
    expect(custom.addWorkingDays(at('2026-11-27T10:00:00'), 1).toISOString()).toBe(endOf('2026-11-28'));
  });
});
