/**
 * The Vietnamese working calendar (pure; the clock is always an argument).
 *
 * Working days are Monday–Friday in Asia/Ho_Chi_Minh minus the public
 * holidays of Bộ luật Lao động 2019 Điều 112 and their substitute days, plus
 * the make-up days (swapped Saturdays) the government announces. Days are
 * handled as `YYYY-MM-DD` strings of the Vietnamese calendar date.
 *
 * The lunar holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương) come from a table of
 * known years: the exact Tết span is announced each year. Years outside the
 * table get only the solar holidays; an admin's overrides are passed in as
 * `CalendarOverrides`.
 */
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

/** First day of the lunar year (mùng 1 Tết) and Giỗ Tổ Hùng Vương (10/3 lunar), Vietnamese calendar. */
const LUNAR_HOLIDAYS: Record<number, { tet: string; hungVuong: string }> = {
  2020: { tet: '2020-01-25', hungVuong: '2020-04-02' },
  2021: { tet: '2021-02-12', hungVuong: '2021-04-21' },
  2022: { tet: '2022-02-01', hungVuong: '2022-04-10' },
  2023: { tet: '2023-01-22', hungVuong: '2023-04-29' },
  2024: { tet: '2024-02-10', hungVuong: '2024-04-18' },
  2025: { tet: '2025-01-29', hungVuong: '2025-04-07' },
  2026: { tet: '2026-02-17', hungVuong: '2026-04-26' },
  2027: { tet: '2027-02-06', hungVuong: '2027-04-16' },
};

export interface CalendarOverrides {
  /** Extra days off (announced holidays, compensatory days). */
  holidays?: Iterable<string>;
  /** Weekend days that are working days this year (make-up Saturdays). */
  workingDays?: Iterable<string>;
  /** Days removed from the built-in holidays. */
  removed?: Iterable<string>;
}

export function isoDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function epochDayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** The Vietnamese calendar date of an instant, as an epoch day number. */
export function vietnamEpochDay(at: Date): number {
  return Math.floor((at.getTime() + VN_OFFSET_MS) / DAY_MS);
}

function isWeekend(epochDay: number): boolean {
  const dow = new Date(epochDay * DAY_MS).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The statutory holidays of one year, with substitute days for those on a weekend. */
export function statutoryHolidays(year: number): Array<{ date: string; name: string }> {
  const days: Array<{ date: string; name: string }> = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch' },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế lao động' },
    { date: `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)' },
    { date: `${year}-09-02`, name: 'Quốc khánh' },
  ];
  const lunar = LUNAR_HOLIDAYS[year];
  if (lunar) {
    const tet = epochDayOf(lunar.tet);
    for (let d = tet - 1; d <= tet + 3; d++) days.push({ date: isoDay(d), name: 'Tết Nguyên đán' });
    days.push({ date: lunar.hungVuong, name: 'Giỗ Tổ Hùng Vương' });
  }
  // Điều 112 khoản 3: a holiday on a weekend is made up on the next working days.
  const taken = new Set(days.map((d) => d.date));
  const substitutes: Array<{ date: string; name: string }> = [];
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const e = epochDayOf(d.date);
    if (!isWeekend(e)) continue;
    let s = e + 1;
    while (isWeekend(s) || taken.has(isoDay(s))) s++;
    taken.add(isoDay(s));
    substitutes.push({ date: isoDay(s), name: `Nghỉ bù ${d.name}` });
  }
  return [...days, ...substitutes].sort((a, b) => a.date.localeCompare(b.date));
}

export class WorkingCalendar {
  private readonly holidayCache = new Map<number, Set<string>>();
  private readonly extraHolidays: Set<string>;
  private readonly extraWorking: Set<string>;
  private readonly removed: Set<string>;

  constructor(overrides: CalendarOverrides = {}) {
    this.extraHolidays = new Set(overrides.holidays ?? []);
    this.extraWorking = new Set(overrides.workingDays ?? []);
    this.removed = new Set(overrides.removed ?? []);
  }

  private holidays(year: number): Set<string> {
    let set = this.holidayCache.get(year);
    if (!set) {
      set = new Set(statutoryHolidays(year).map((d) => d.date));
      this.holidayCache.set(year, set);
    }
    return set;
  }

  isWorkingDay(epochDay: number): boolean {
    const iso = isoDay(epochDay);
    if (this.extraWorking.has(iso)) return true;
    if (this.extraHolidays.has(iso)) return false;
    if (isWeekend(epochDay)) return false;
    const year = Number(iso.slice(0, 4));
    return this.removed.has(iso) || !this.holidays(year).has(iso);
  }

  /** 23:59:59.999 in Asia/Ho_Chi_Minh of an epoch day, as an instant. */
  private endOf(epochDay: number): Date {
    return new Date((epochDay + 1) * DAY_MS - VN_OFFSET_MS - 1);
  }

  /** The end of the Nth working day after `from` (N ≥ 1). */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`workingDays must be an integer ≥ 0, got ${n}`);
    let day = vietnamEpochDay(from);
    if (n === 0) return this.endOfWorkingDay(from);
    let left = n;
    while (left > 0) {
      day++;
      if (this.isWorkingDay(day)) left--;
    }
    return this.endOf(day);
  }

  /** The end of the day of `from` if it is a working day, else of the next working day. */
  endOfWorkingDay(from: Date): Date {
    let day = vietnamEpochDay(from);
    while (!this.isWorkingDay(day)) day++;
    return this.endOf(day);
  }
}
