import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hungVuongDate, jdFromDate, jdToDate, lunarToSolar, tetDate } from './lunar';

/** Official dates (Vietnamese calendar, UTC+7) as announced for the public holidays of each year. */
const OFFICIAL: Record<number, { tet: string; hungVuong: string }> = {
  2020: { tet: '2020-01-25', hungVuong: '2020-04-02' },
  2021: { tet: '2021-02-12', hungVuong: '2021-04-21' },
  2022: { tet: '2022-02-01', hungVuong: '2022-04-10' },
  2023: { tet: '2023-01-22', hungVuong: '2023-04-29' },
  2024: { tet: '2024-02-10', hungVuong: '2024-04-18' },
  2025: { tet: '2025-01-29', hungVuong: '2025-04-07' },
  2026: { tet: '2026-02-17', hungVuong: '2026-04-26' },
};

describe('Vietnamese lunar calendar', () => {
  it.each(Object.entries(OFFICIAL))('%s: Tết and Giỗ Tổ Hùng Vương', (year, { tet, hungVuong }) => {
    expect(tetDate(Number(year))).toBe(tet);
    expect(hungVuongDate(Number(year))).toBe(hungVuong);
  });

  it('follows UTC+7, not UTC+8: Tết 1985 was 21/1 in Việt Nam (20/2 in China)', () => {
    expect(tetDate(1985)).toBe('1985-01-21');
  });

  it('2030: the new moon of Tết falls before midnight in Hà Nội and after it in Beijing — Tết is 2/2 here (3/2 in China)', () => {
    expect(tetDate(2030)).toBe('2030-02-02');
  });

  it('2038: the third month starts a day earlier here, so Giỗ Tổ is 13/4 (10/3 lunar is 14/4 in China)', () => {
    expect(lunarToSolar(1, 3, 2038)).toBe('2038-04-04');
    expect(hungVuongDate(2038)).toBe('2038-04-13');
    expect(tetDate(2038)).toBe('2038-02-04'); // the same in both
  });

  it('handles leap months (2023 had a leap 2nd month)', () => {
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(() => lunarToSolar(1, 5, 2023, true)).toThrow(RangeError);
  });
});

/**
 * The whole computation pinned for 201 lunar years (2,487 month starts): a change to the astronomy (a term
 * of the new-moon series, the sun's longitude, the time zone) that moves any month start by a day fails here.
 * The table is this module's own output, recorded once (see its header for what it was checked against):
 * it guards against change, the official dates above guard against error.
 */
describe('every month start 1900–2100', () => {
  const rows = readFileSync(resolve(__dirname, 'fixtures/lunar-months-1900-2100.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  /** MMDD of the lunar year `year`'s month to a full date: months 11 and 12 (or a leap one) may be in January or February. */
  const full = (year: number, month: number, mmdd: string) =>
    `${month >= 11 && mmdd < '0301' ? year + 1 : year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;

  it('covers 201 years, 74 of them with a leap month', () => {
    expect(rows).toHaveLength(201);
    expect(rows.filter((r) => r.includes(' L'))).toHaveLength(74);
  });

  it('each month starts where it did, and each leap month is the one recorded', () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const [y, ...rest] = row.split(' ');
      const year = Number(y);
      rest.forEach((cell, i) => {
        if (cell.startsWith('L')) {
          const [m, mmdd] = cell.slice(1).split(':');
          const got = lunarToSolar(1, Number(m), year, true);
          if (got !== full(year, Number(m), mmdd)) wrong.push(`${year} leap ${m}: ${got}`);
          for (let other = 1; other <= 12; other++) {
            if (other !== Number(m) && (() => { try { lunarToSolar(1, other, year, true); return true; } catch { return false; } })()) {
              wrong.push(`${year}: leap ${other} accepted`);
            }
          }
        } else {
          const got = lunarToSolar(1, i + 1, year);
          if (got !== full(year, i + 1, cell)) wrong.push(`${year}/${i + 1}: ${got}, recorded ${cell}`);
        }
      });
      if (!rest.some((c) => c.startsWith('L')) && (() => { try { lunarToSolar(1, 1, year, true); return true; } catch { return false; } })()) {
        wrong.push(`${year}: a leap month where none was recorded`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a lunar day past the 1st counts on from the month start', () => {
    expect(lunarToSolar(15, 8, 2026)).toBe('2026-09-25'); // Tết Trung thu
  });
});

describe('Julian day numbers (Gregorian calendar), against Python’s date.toordinal() + 1721425', () => {
  it.each([
    [1, 1, 1900, 2415021],
    [31, 12, 1999, 2451544],
    [1, 1, 2000, 2451545],
    [29, 2, 2024, 2460370],
    [1, 12, 2026, 2461376],
    [1, 3, 2100, 2488129],
  ])('%i/%i/%i is %i, and back', (d, m, y, jd) => {
    expect(jdFromDate(d, m, y)).toBe(jd);
    expect(jdToDate(jd)).toEqual([d, m, y]);
  });
});
