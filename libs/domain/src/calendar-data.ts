/**
 * The days off and swapped working days announced for civil servants
 * (cán bộ, công chức, viên chức) each year, as the Prime Minister's office
 * (Văn phòng Chính phủ) and the Ministry of Labour (now Bộ Nội vụ) published
 * them. Weekdays only: weekends are off anyway, unless listed as working.
 * Years not here fall back to the rules of Bộ luật Lao động 2019 Điều 112
 * (calendar.ts). An admin changes any day through PUT /api/calendar/days.
 *
 * Not included: 24/11 (Ngày Văn hóa Việt Nam), which some sources give as a
 * day off from 2026; it is not among the holidays SPEC.md lists. An admin
 * adds it when it applies.
 */
export interface AnnouncedYear {
  holidays: Array<{ date: string; name: string }>;
  workingDays: Array<{ date: string; name: string }>;
  source: string;
}

export const ANNOUNCED: Readonly<Record<number, AnnouncedYear>> = {
  2020: {
    holidays: [
      { date: '2020-01-01', name: 'Tết Dương lịch' },
      { date: '2020-01-23', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2020-01-24', name: 'Tết Nguyên đán (30 tháng Chạp, giao thừa)' },
      { date: '2020-01-27', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2020-01-28', name: 'Tết Nguyên đán (nghỉ bù cho thứ Bảy 25/1)' },
      { date: '2020-01-29', name: 'Tết Nguyên đán (nghỉ bù cho Chủ nhật 26/1)' },
      { date: '2020-04-02', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2020-04-30', name: 'Ngày Chiến thắng' },
      { date: '2020-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2020-09-02', name: 'Quốc khánh (1 ngày theo BLLĐ 2012)' },
    ],
    workingDays: [
    ],
    source: 'Thông báo nghỉ lễ, Tết năm 2020 của Bộ LĐTBXH (Tết 23–29/1; 2/9 một ngày theo BLLĐ 2012)',
  },
  2021: {
    holidays: [
      { date: '2021-01-01', name: 'Tết Dương lịch' },
      { date: '2021-02-10', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2021-02-11', name: 'Tết Nguyên đán (30 tháng Chạp)' },
      { date: '2021-02-12', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2021-02-15', name: 'Tết Nguyên đán (nghỉ bù mùng 2, thứ Bảy)' },
      { date: '2021-02-16', name: 'Tết Nguyên đán (nghỉ bù mùng 3, Chủ nhật)' },
      { date: '2021-04-21', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2021-04-30', name: 'Ngày Chiến thắng' },
      { date: '2021-05-03', name: 'Nghỉ bù Quốc tế Lao động (1/5 thứ Bảy)' },
      { date: '2021-09-02', name: 'Quốc khánh' },
      { date: '2021-09-03', name: 'Quốc khánh (ngày liền kề sau)' },
    ],
    workingDays: [
    ],
    source: 'Thông báo nghỉ lễ, Tết năm 2021 của Bộ LĐTBXH (BLLĐ 2019: 2/9 và 3/9)',
  },
  2022: {
    holidays: [
      { date: '2022-01-03', name: 'Nghỉ bù Tết Dương lịch (1/1 thứ Bảy)' },
      { date: '2022-01-31', name: 'Tết Nguyên đán (29 tháng Chạp, giao thừa)' },
      { date: '2022-02-01', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2022-02-02', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2022-02-03', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2022-02-04', name: 'Tết Nguyên đán (mùng 4)' },
      { date: '2022-04-11', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/4 Chủ nhật)' },
      { date: '2022-05-02', name: 'Nghỉ bù Ngày Chiến thắng (30/4 thứ Bảy)' },
      { date: '2022-05-03', name: 'Nghỉ bù Quốc tế Lao động (1/5 Chủ nhật)' },
      { date: '2022-09-01', name: 'Quốc khánh (ngày liền kề trước)' },
      { date: '2022-09-02', name: 'Quốc khánh' },
    ],
    workingDays: [
    ],
    source: 'Công văn 245/VPCP-KGVX (Tết 29/1–6/2) và thông báo nghỉ lễ năm 2022',
  },
  2023: {
    holidays: [
      { date: '2023-01-02', name: 'Nghỉ bù Tết Dương lịch (1/1 Chủ nhật)' },
      { date: '2023-01-20', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2023-01-23', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2023-01-24', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2023-01-25', name: 'Tết Nguyên đán (mùng 4, nghỉ bù)' },
      { date: '2023-01-26', name: 'Tết Nguyên đán (mùng 5, nghỉ bù)' },
      { date: '2023-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2023-05-02', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (29/4 thứ Bảy)' },
      { date: '2023-05-03', name: 'Nghỉ bù Ngày Chiến thắng (30/4 Chủ nhật)' },
      { date: '2023-09-01', name: 'Quốc khánh (ngày liền kề trước)' },
      { date: '2023-09-04', name: 'Nghỉ bù Quốc khánh (2/9 thứ Bảy)' },
    ],
    workingDays: [
    ],
    source: 'Thông báo nghỉ lễ, Tết năm 2023 của Bộ LĐTBXH (nghỉ bù 2/1, 2/5, 3/5, 4/9)',
  },
  2024: {
    holidays: [
      { date: '2024-01-01', name: 'Tết Dương lịch' },
      { date: '2024-02-08', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2024-02-09', name: 'Tết Nguyên đán (30 tháng Chạp, giao thừa)' },
      { date: '2024-02-12', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2024-02-13', name: 'Tết Nguyên đán (mùng 4, nghỉ bù)' },
      { date: '2024-02-14', name: 'Tết Nguyên đán (mùng 5, nghỉ bù)' },
      { date: '2024-04-18', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2024-04-29', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 4/5) – dịp 30/4' },
      { date: '2024-04-30', name: 'Ngày Chiến thắng' },
      { date: '2024-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2024-09-02', name: 'Quốc khánh' },
      { date: '2024-09-03', name: 'Quốc khánh (ngày liền kề sau)' },
    ],
    workingDays: [
      { date: '2024-05-04', name: 'Làm bù cho thứ Hai 29/4/2024 (CV 2450/VPCP-KGVX)' },
    ],
    source: 'Công văn 2450/VPCP-KGVX (hoán đổi 29/4 với thứ Bảy 4/5)',
  },
  2025: {
    holidays: [
      { date: '2025-01-01', name: 'Tết Dương lịch' },
      { date: '2025-01-27', name: 'Tết Nguyên đán (28 tháng Chạp)' },
      { date: '2025-01-28', name: 'Tết Nguyên đán (29 tháng Chạp, giao thừa)' },
      { date: '2025-01-29', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2025-01-30', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2025-01-31', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2025-04-30', name: 'Ngày Chiến thắng' },
      { date: '2025-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4) – dịp 30/4' },
      { date: '2025-09-01', name: 'Quốc khánh (ngày liền kề trước)' },
      { date: '2025-09-02', name: 'Quốc khánh' },
    ],
    workingDays: [
      { date: '2025-04-26', name: 'Làm bù cho thứ Sáu 2/5/2025' },
    ],
    source: 'Thông báo nghỉ lễ, Tết năm 2025 (Tết 25/1–2/2; hoán đổi 2/5 với thứ Bảy 26/4)',
  },
  2026: {
    holidays: [
      { date: '2026-01-01', name: 'Tết Dương lịch' },
      { date: '2026-01-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1) – Tết Dương lịch' },
      { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp, giao thừa)' },
      { date: '2026-02-17', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2026-02-18', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2026-02-19', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2026-02-20', name: 'Tết Nguyên đán (mùng 4)' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4 Chủ nhật)' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2026-08-31', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8) – dịp Quốc khánh' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề trước)' },
      { date: '2026-09-02', name: 'Quốc khánh' },
    ],
    workingDays: [
      { date: '2026-01-10', name: 'Làm bù cho thứ Sáu 2/1/2026 (CV 12729/VPCP-KGVX)' },
      { date: '2026-08-22', name: 'Làm bù cho thứ Hai 31/8/2026 (CV 9859/VPCP-KGVX)' },
    ],
    source: 'Công văn 12729/VPCP-KGVX (hoán đổi 2/1 với thứ Bảy 10/1) và 9859/VPCP-KGVX (hoán đổi 31/8 với thứ Bảy 22/8)',
  },
  2027: {
    holidays: [
      { date: '2027-01-01', name: 'Tết Dương lịch' },
      { date: '2027-02-04', name: 'Tết Nguyên đán (28 tháng Chạp)' },
      { date: '2027-02-05', name: 'Tết Nguyên đán (29 tháng Chạp, giao thừa)' },
      { date: '2027-02-08', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2027-02-09', name: 'Tết Nguyên đán (mùng 4, nghỉ bù)' },
      { date: '2027-02-10', name: 'Tết Nguyên đán (mùng 5, nghỉ bù)' },
      { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2027-04-30', name: 'Ngày Chiến thắng' },
      { date: '2027-05-03', name: 'Nghỉ bù Quốc tế Lao động (1/5 thứ Bảy) – theo Điều 111 khoản 3, chưa có thông báo' },
      { date: '2027-09-02', name: 'Quốc khánh' },
      { date: '2027-09-03', name: 'Quốc khánh (ngày liền kề sau)' },
    ],
    workingDays: [
    ],
    // Not verified: the công văn cited here could not be found (checked again 1/12/2026, by this project's
    // search and by the issue that asked). Tết 4–10/2 is the usual pattern (from 28 tháng Chạp, five weekdays);
    // 1/1, Giỗ Tổ, 30/4 and 2/9 with 3/9 are the code's own days; 3/5 is the substitute Điều 111 khoản 3 gives
    // for 1/5 on a Saturday. An admin corrects any of them with PUT /api/calendar/days once it is announced.
    source: 'Dự kiến, chưa đối chiếu được văn bản (Công văn 10065/VPCP-KGVX được trích nhưng chưa tìm thấy): Tết 4/2–10/2; 2/9 và 3/9; 3/5 nghỉ bù cho 1/5 (thứ Bảy) theo Điều 111 khoản 3',
  },
};
