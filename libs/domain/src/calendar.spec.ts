import { ANNOUNCED } from './calendar-data';
import { builtInDays, statutoryHolidays, WorkingCalendar } from './calendar';

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
    // 00:30 on Saturday in Hà Nội is still Friday in UTC.
    expect(cal.addWorkingDays(at('2026-11-28T00:30:00'), 1).toISOString()).toBe(endOf('2026-11-30'));
  });

  it('skips Tết 2026 (16–20/2) and 30/4–1/5 2026', () => {
    expect(cal.addWorkingDays(at('2026-02-13T09:00:00'), 1).toISOString()).toBe(endOf('2026-02-23'));
    expect(cal.addWorkingDays(at('2026-04-29T09:00:00'), 1).toISOString()).toBe(endOf('2026-05-04'));
  });

  it('2026: 31/8 is swapped with Saturday 22/8, and 1/9, 2/9 are off', () => {
    expect(cal.addWorkingDays(at('2026-08-21T09:00:00'), 1).toISOString()).toBe(endOf('2026-08-22'));
    expect(cal.addWorkingDays(at('2026-08-28T09:00:00'), 1).toISOString()).toBe(endOf('2026-09-03'));
  });

  it('2025: 2/5 off, Saturday 26/4 worked', () => {
    expect(cal.addWorkingDays(at('2025-04-25T09:00:00'), 1).toISOString()).toBe(endOf('2025-04-26'));
    expect(cal.addWorkingDays(at('2025-04-29T09:00:00'), 1).toISOString()).toBe(endOf('2025-05-05'));
  });

  it('flash: the end of today when it is a working day, else of the next one', () => {
    expect(cal.endOfWorkingDay(at('2026-11-23T10:00:00')).toISOString()).toBe(endOf('2026-11-23'));
    expect(cal.endOfWorkingDay(at('2026-11-28T10:00:00')).toISOString()).toBe(endOf('2026-11-30'));
  });

  it('steps back over working days for reminders before a deadline', () => {
    // Monday 30/11 23:59 − 1 working day = Friday 27/11 23:59.
    expect(cal.subtractWorkingDays(new Date(endOf('2026-11-30')), 1).toISOString()).toBe(endOf('2026-11-27'));
  });

  it('an admin’s days win: an extra holiday, a worked Saturday, a built-in holiday cancelled', () => {
    const custom = new WorkingCalendar([
      { date: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' },
      { date: '2026-11-28', kind: 'working' },
      { date: '2026-02-20', kind: 'working' },
    ]);
    expect(custom.addWorkingDays(at('2026-11-23T10:00:00'), 1).toISOString()).toBe(endOf('2026-11-25'));
    expect(custom.addWorkingDays(at('2026-11-27T10:00:00'), 1).toISOString()).toBe(endOf('2026-11-28'));
    expect(custom.addWorkingDays(at('2026-02-13T10:00:00'), 1).toISOString()).toBe(endOf('2026-02-20'));
  });
});

describe('built-in days', () => {
  it('announced years list only weekdays, and their working days are weekends', () => {
    for (const [year, data] of Object.entries(ANNOUNCED)) {
      for (const d of data.holidays) {
        const dow = new Date(`${d.date}T00:00:00Z`).getUTCDay();
        expect({ year, d, weekend: dow === 0 || dow === 6 }).toEqual({ year, d, weekend: false });
      }
      for (const d of data.workingDays) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    }
  });

  it('the rules alone reproduce an announced year where nothing was swapped (2021, 2022, 2023)', () => {
    for (const year of [2021, 2022, 2023]) {
      const ruled = statutoryHolidays(year).map((d) => d.date);
      const announced = ANNOUNCED[year].holidays.map((d) => d.date);
      // The Tết span and the day beside 2/9 are chosen each year; compare the rest.
      const fixed = (ds: string[]) => ds.filter((d) => !/-0[12]-/.test(d) && !/-09-0[13]/.test(d));
      expect(fixed(ruled)).toEqual(fixed(announced));
    }
  });

  it('a year without announced data follows the rules, with substitute days', () => {
    // 2028: 1/1 is a Saturday → Monday 3/1 off; Tết (26/1/2028) spans 25–29/1.
    const days = builtInDays(2028).holidays.map((d) => d.date);
    expect(days).toContain('2028-01-03');
    expect(days).toEqual(expect.arrayContaining(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']));
    expect(builtInDays(2028).holidays.every((d) => d.source === 'statutory')).toBe(true);
  });
});
