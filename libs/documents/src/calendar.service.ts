import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/src';
import { builtInDays, type Actor, WorkingCalendar, type CalendarDay, type CalendarOverride } from '../../domain/src';

const CACHE_MS = 30_000;

export interface CalendarYear {
  year: number;
  /** Weekdays off: built-in (announced or statutory) and the admin's. */
  holidays: CalendarDay[];
  /** Weekend days worked (swapped Saturdays), built-in and the admin's. */
  workingDays: CalendarDay[];
  /** The admin's own entries for the year, as PUT them. */
  overrides: Array<CalendarOverride & { name: string }>;
}

/**
 * The working calendar with the admin's days from PostgreSQL. Each process
 * caches it for 30 s; a change made here is seen at once by this process and
 * within 30 s by the others.
 */
@Injectable()
export class CalendarService {
  private cache: { calendar: WorkingCalendar; loadedAt: number } | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async current(): Promise<WorkingCalendar> {
    if (this.cache && Date.now() - this.cache.loadedAt < CACHE_MS) return this.cache.calendar;
    const rows: Array<{ date: string; kind: 'holiday' | 'working' }> = await this.db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM calendar_days`,
    );
    const calendar = new WorkingCalendar(rows);
    this.cache = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  async year(year: number): Promise<CalendarYear> {
    const overrides: Array<CalendarOverride & { name: string }> = await this.db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days
        WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
    const byDate = new Map(overrides.map((o) => [o.date, o]));
    const built = builtInDays(year);
    const admin = (o: CalendarOverride & { name: string }): CalendarDay => ({ date: o.date, name: o.name, source: 'admin' });
    const holidays = [
      ...built.holidays.filter((d) => !byDate.has(d.date)),
      ...overrides.filter((o) => o.kind === 'holiday').map(admin),
    ].sort((a, b) => a.date.localeCompare(b.date));
    const workingDays = [
      ...built.workingDays.filter((d) => !byDate.has(d.date)),
      ...overrides.filter((o) => o.kind === 'working').map(admin),
    ].sort((a, b) => a.date.localeCompare(b.date));
    return { year, holidays, workingDays, overrides };
  }

  /** Replaces the admin's days of one year (PUT semantics: the list is the whole of them). */
  async replaceYear(year: number, days: Array<CalendarOverride & { name?: string }>, by?: Actor): Promise<CalendarYear> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [
        year,
      ]);
      if (days.length) {
        await tx.query(
          `INSERT INTO calendar_days (date, kind, name)
           SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
          [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name ?? '')],
        );
      }
    });
    this.cache = null;
    await this.audit.record({ actor: by?.username ?? null, action: 'calendar.change', target: `calendar:${year}`, detail: { days } });
    return this.year(year);
  }
}
