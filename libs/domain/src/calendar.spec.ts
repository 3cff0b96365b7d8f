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

describe('each announced year: a deadline across its days off lands where the announcement says', () => {
  const cal = new WorkingCalendar();
  // [from (a working day, 09:00 in Hà Nội), working days, where it lands, what is crossed]. Written from the
  // announcements themselves (cited in calendar-data.ts), not from the data: removing a day there fails here.
  const cases: Record<number, Array<[string, number, string, string]>> = {
    2020: [
      ['2019-12-31', 1, '2020-01-02', '1/1'],
      ['2020-01-22', 1, '2020-01-30', 'Tết 23–29/1'],
      ['2020-04-01', 1, '2020-04-03', 'Giỗ Tổ 2/4'],
      ['2020-04-29', 1, '2020-05-04', '30/4 and 1/5, Thursday and Friday'],
      ['2020-09-01', 1, '2020-09-03', '2/9, one day under the 2012 code'],
    ],
    2021: [
      ['2020-12-31', 1, '2021-01-04', '1/1, a Friday'],
      ['2021-02-09', 1, '2021-02-17', 'Tết 10–16/2'],
      ['2021-04-20', 1, '2021-04-22', 'Giỗ Tổ 21/4'],
      ['2021-04-29', 1, '2021-05-04', '30/4, and 3/5 for 1/5 on a Saturday'],
      ['2021-09-01', 1, '2021-09-06', '2/9 and 3/9'],
    ],
    2022: [
      ['2021-12-31', 1, '2022-01-04', '3/1 for 1/1 on a Saturday'],
      ['2022-01-28', 1, '2022-02-07', 'Tết 31/1–4/2'],
      ['2022-04-08', 1, '2022-04-12', '11/4 for Giỗ Tổ on a Sunday'],
      ['2022-04-29', 1, '2022-05-04', '2/5 and 3/5 for 30/4 and 1/5 on the weekend'],
      ['2022-08-31', 1, '2022-09-05', '1/9 and 2/9'],
    ],
    2023: [
      ['2022-12-30', 1, '2023-01-03', '2/1 for 1/1 on a Sunday'],
      ['2023-01-19', 1, '2023-01-27', 'Tết 20–26/1'],
      ['2023-04-28', 1, '2023-05-04', '1/5, and 2/5, 3/5 for Giỗ Tổ and 30/4 on the weekend'],
      ['2023-08-31', 1, '2023-09-05', '1/9, and 4/9 for 2/9 on a Saturday'],
    ],
    2024: [
      ['2023-12-29', 1, '2024-01-02', '1/1, a Monday'],
      ['2024-02-07', 1, '2024-02-15', 'Tết 8–14/2'],
      ['2024-04-17', 1, '2024-04-19', 'Giỗ Tổ 18/4'],
      ['2024-04-26', 1, '2024-05-02', '29/4 (swapped with Saturday 4/5), 30/4, 1/5'],
      ['2024-05-03', 1, '2024-05-04', 'Saturday 4/5 is worked'],
      ['2024-08-30', 1, '2024-09-04', '2/9 and 3/9'],
    ],
    2025: [
      ['2024-12-31', 1, '2025-01-02', '1/1'],
      ['2025-01-24', 1, '2025-02-03', 'Tết 27–31/1'],
      ['2025-04-04', 1, '2025-04-08', 'Giỗ Tổ 7/4'],
      ['2025-04-25', 1, '2025-04-26', 'Saturday 26/4 is worked'],
      ['2025-04-29', 1, '2025-05-05', '30/4, 1/5, and 2/5 (swapped with 26/4)'],
      ['2025-08-29', 1, '2025-09-03', '1/9 and 2/9'],
    ],
    2026: [
      ['2025-12-31', 1, '2026-01-05', '1/1, and 2/1 (swapped with Saturday 10/1)'],
      ['2026-01-09', 1, '2026-01-10', 'Saturday 10/1 is worked'],
      ['2026-02-13', 1, '2026-02-23', 'Tết 16–20/2'],
      ['2026-04-24', 1, '2026-04-28', '27/4 for Giỗ Tổ on a Sunday'],
      ['2026-04-29', 1, '2026-05-04', '30/4 and 1/5'],
      ['2026-08-28', 1, '2026-09-03', '31/8 (swapped with 22/8), 1/9, 2/9'],
    ],
    // 2027: see calendar-data.ts on where these days come from.
    2027: [
      ['2026-12-31', 1, '2027-01-04', '1/1'],
      ['2027-02-03', 1, '2027-02-11', 'Tết 4–10/2'],
      ['2027-04-15', 1, '2027-04-19', 'Giỗ Tổ 16/4'],
      ['2027-04-29', 1, '2027-05-04', '30/4, and 3/5 for 1/5 on a Saturday'],
      ['2027-09-01', 1, '2027-09-06', '2/9 and 3/9'],
    ],
  };

  it('covers every announced year', () => {
    expect(Object.keys(cases)).toEqual(Object.keys(ANNOUNCED));
  });

  it.each(Object.entries(cases))('%s', (_, list) => {
    for (const [from, n, lands, crossed] of list) {
      expect({ from, crossed, lands: cal.addWorkingDays(at(`${from}T09:00:00`), n).toISOString() }).toEqual({ from, crossed, lands: endOf(lands) });
    }
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

  it('the day beside 2/9 makes the longer break: 3/9 after a Monday or Thursday, else 1/9', () => {
    const sept = (year: number) => statutoryHolidays(year).filter((d) => d.date.slice(5, 7) === '09').map((d) => `${d.date.slice(8)} ${d.name}`);
    expect(sept(2030)).toEqual(['02 Quốc khánh', '03 Quốc khánh (ngày liền kề)']); // Monday
    expect(sept(2031)).toEqual(['01 Quốc khánh (ngày liền kề)', '02 Quốc khánh']); // Tuesday
    expect(sept(2037)).toEqual(['01 Quốc khánh (ngày liền kề)', '02 Quốc khánh']); // Wednesday
    expect(sept(2032)).toEqual(['02 Quốc khánh', '03 Quốc khánh (ngày liền kề)']); // Thursday
    expect(sept(2033)).toEqual(['01 Quốc khánh (ngày liền kề)', '02 Quốc khánh']); // Friday
    // Sunday: 1/9 (Saturday) and 2/9 are both made up, in their order, on Monday and Tuesday.
    expect(sept(2029)).toEqual(['03 Nghỉ bù Quốc khánh (ngày liền kề)', '04 Nghỉ bù Quốc khánh']);
  });

  it('a year by the rules alone, day by day with names (2033: five holidays on a weekend)', () => {
    // Tết 2033 is Monday 31/1: 30 tháng Chạp is Sunday 30/1, made up on Friday 4/2 after mùng 1–4.
    expect(statutoryHolidays(2033).map((d) => `${d.date} ${d.name}`)).toEqual([
      '2033-01-03 Nghỉ bù Tết Dương lịch',
      '2033-01-31 Tết Nguyên đán',
      '2033-02-01 Tết Nguyên đán',
      '2033-02-02 Tết Nguyên đán',
      '2033-02-03 Tết Nguyên đán',
      '2033-02-04 Nghỉ bù Tết Nguyên đán',
      '2033-04-11 Nghỉ bù Giỗ Tổ Hùng Vương',
      '2033-05-02 Nghỉ bù Ngày Chiến thắng',
      '2033-05-03 Nghỉ bù Ngày Quốc tế Lao động',
      '2033-09-01 Quốc khánh (ngày liền kề)',
      '2033-09-02 Quốc khánh',
    ]);
    expect(statutoryHolidays(2029).slice(0, 9).map((d) => `${d.date} ${d.name}`)).toEqual([
      '2029-01-01 Tết Dương lịch',
      '2029-02-12 Tết Nguyên đán',
      '2029-02-13 Tết Nguyên đán',
      '2029-02-14 Tết Nguyên đán',
      '2029-02-15 Tết Nguyên đán',
      '2029-02-16 Tết Nguyên đán',
      '2029-04-23 Giỗ Tổ Hùng Vương',
      '2029-04-30 Ngày Chiến thắng',
      '2029-05-01 Ngày Quốc tế Lao động',
    ]);
  });

  it('zero working days is the end of the working day, or of the next one; a bad count is refused', () => {
    const cal = new WorkingCalendar();
    expect(cal.addWorkingDays(at('2026-11-28T10:00:00'), 0).toISOString()).toBe(endOf('2026-11-30'));
    expect(cal.addWorkingDays(at('2026-11-26T10:00:00'), 0).toISOString()).toBe(endOf('2026-11-26'));
    expect(() => cal.addWorkingDays(at('2026-11-26T10:00:00'), -1)).toThrow('workingDays must be an integer ≥ 0, got -1');
    expect(() => cal.addWorkingDays(at('2026-11-26T10:00:00'), 1.5)).toThrow(RangeError);
  });

  it('a year without announced data follows the rules, with substitute days', () => {
    // 2028: 1/1 is a Saturday → Monday 3/1 off; Tết (26/1/2028) spans 25–29/1.
    const days = builtInDays(2028).holidays.map((d) => d.date);
    expect(days).toContain('2028-01-03');
    expect(days).toEqual(expect.arrayContaining(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']));
    expect(builtInDays(2028).holidays.every((d) => d.source === 'statutory')).toBe(true);
  });
});
