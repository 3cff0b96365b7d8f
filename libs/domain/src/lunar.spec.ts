import { hungVuongDate, lunarToSolar, tetDate } from './lunar';

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
