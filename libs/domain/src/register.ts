/** The outgoing register's shape, shared by the API and the web app (pure: no imports). */

/** Sổ đăng ký văn bản đi (Nghị định 30/2020 Phụ lục IV): the ten columns, in the decree's order. */
export const OUTGOING_COLUMNS = [
  ['number', 'Số, ký hiệu văn bản'],
  ['date', 'Ngày tháng văn bản'],
  ['typeAndSummary', 'Tên loại và trích yếu nội dung văn bản'],
  ['signer', 'Người ký'],
  ['recipients', 'Nơi nhận văn bản'],
  ['copyHolder', 'Đơn vị, người nhận bản lưu'],
  ['copies', 'Số lượng bản'],
  ['sentAt', 'Ngày chuyển'],
  ['receivedBy', 'Ký nhận'],
  ['notes', 'Ghi chú'],
] as const;

export type OutgoingRow = { seq: number; documentId: string } & Record<(typeof OUTGOING_COLUMNS)[number][0], string | number | null>;
