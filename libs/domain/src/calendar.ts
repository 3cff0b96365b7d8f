import { ANNOUNCED } from './calendar-data';
import { hungVuongDate, tetDate } from './lunar';

/**
 * The Vietnamese working calendar (pure; the clock is always an argument).
 *
 * Working days are Monday–Friday in Asia/Ho_Chi_Minh minus the public
 * holidays of Bộ luật Lao động 2019 Điều 112 and their substitute days, plus
 * the make-up days (swapped Saturdays) the government announces. Days are
 * handled as `YYYY-MM-DD` strings of the Vietnamese calendar date.
 *
 * For the years in calendar-data.ts the announced days are used as they are;
 * other years follow the rules: Tết is the last day of the lunar year and
 * mùng 1–4 (lunar dates from lunar.ts, UTC+7), Giỗ Tổ is 10/3 lunar, 2/9
 * takes the weekday beside it, and a holiday on a weekend is made up on the
 * next working day (Điều 111 khoản 3). An admin's overrides come on top.
 */
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

export interface CalendarDay {
  date: string;
  name: string;
  source: 'announced' | 'statutory' | 'admin';
}

export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'working';
  name?: string;
}

export function isoDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function epochDayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** The Vietnamese calendar date of an instant, as an epoch day number. */
export function vietnamEpochDay(at: Date): number {
  return Math.floor((at.getTime() + VN_OFFSET_MS) / DAY_MS);
}

export function isWeekend(epochDay: number): boolean {
  const dow = new Date(epochDay * DAY_MS).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The holidays of a year by the rules alone, with substitute days for those on a weekend. */
export function statutoryHolidays(year: number): Array<{ date: string; name: string }> {
  const sep2 = epochDayOf(`${year}-09-02`);
  const dow = new Date(sep2 * DAY_MS).getUTCDay();
  // The day beside 2/9 that makes the longer break: 3/9 when 2/9 is a Monday or a Thursday, else 1/9.
  const beside = dow === 1 || dow === 4 ? sep2 + 1 : sep2 - 1;
  const tet = epochDayOf(tetDate(year));
  const days: Array<{ date: string; name: string }> = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch' },
    ...[-1, 0, 1, 2, 3].map((o) => ({ date: isoDay(tet + o), name: 'Tết Nguyên đán' })),
    { date: hungVuongDate(year), name: 'Giỗ Tổ Hùng Vương' },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động' },
    { date: `${year}-09-02`, name: 'Quốc khánh' },
    { date: isoDay(beside), name: 'Quốc khánh (ngày liền kề)' },
  ];
  const taken = new Set(days.map((d) => d.date));
  const substitutes: Array<{ date: string; name: string }> = [];
  for (const d of [...days].sort((x, y) => x.date.localeCompare(y.date))) {
    const e = epochDayOf(d.date);
    if (!isWeekend(e)) continue;
    let s = e + 1;
    while (isWeekend(s) || taken.has(isoDay(s))) s++;
    taken.add(isoDay(s));
    substitutes.push({ date: isoDay(s), name: `Nghỉ bù ${d.name}` });
  }
  return [...days, ...substitutes]
    .filter((d) => !isWeekend(epochDayOf(d.date)))
    .sort((x, y) => x.date.localeCompare(y.date));
}

/** The built-in days of a year: announced when known, else by the rules. */
export function builtInDays(year: number): { holidays: CalendarDay[]; workingDays: CalendarDay[] } {
  const announced = ANNOUNCED[year];
  if (announced) {
    return {
      holidays: announced.holidays.map((d) => ({ ...d, source: 'announced' })),
      workingDays: announced.workingDays.map((d) => ({ ...d, source: 'announced' })),
    };
  }
  return { holidays: statutoryHolidays(year).map((d) => ({ ...d, source: 'statutory' })), workingDays: [] };
}

export class WorkingCalendar {
  private readonly years = new Map<number, { off: Set<string>; on: Set<string> }>();
  private readonly overrides: Map<string, CalendarOverride['kind']>;

  /** `overrides`: an admin's days, which win over the built-in ones. */
  constructor(overrides: Iterable<CalendarOverride> = []) {
    this.overrides = new Map([...overrides].map((o) => [o.date, o.kind]));
  }

  private yearDays(year: number) {
    let y = this.years.get(year);
    if (!y) {
      const days = builtInDays(year);
      y = { off: new Set(days.holidays.map((d) => d.date)), on: new Set(days.workingDays.map((d) => d.date)) };
      this.years.set(year, y);
    }
    return y;
  }

  isWorkingDay(epochDay: number): boolean {
    const iso = isoDay(epochDay);
    const override = this.overrides.get(iso);
    if (override) return override === 'working';
    const y = this.yearDays(Number(iso.slice(0, 4)));
    if (y.on.has(iso)) return true;
    return !isWeekend(epochDay) && !y.off.has(iso);
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

  /** The same time of day N working days earlier (for reminders before a deadline). */
  subtractWorkingDays(at: Date, n: number): Date {
    let day = vietnamEpochDay(at);
    let left = n;
    while (left > 0) {
      day--;
      if (this.isWorkingDay(day)) left--;
    }
    return new Date(at.getTime() - (vietnamEpochDay(at) - day) * DAY_MS);
  }

  /** The end of the day of `from` if it is a working day, else of the next working day. */
  endOfWorkingDay(from: Date): Date {
    let day = vietnamEpochDay(from);
    while (!this.isWorkingDay(day)) day++;
    return this.endOf(day);
  }
}
