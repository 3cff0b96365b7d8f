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

/** Sổ đăng ký văn bản đến (Nghị định 30 Phụ lục IV), its columns in the decree's order. */
export const INCOMING_COLUMNS = [
  ['receivedAt', 'Ngày đến'],
  ['incomingNumber', 'Số đến'],
  ['sender', 'Tác giả'],
  ['number', 'Số, ký hiệu văn bản'],
  ['date', 'Ngày tháng văn bản'],
  ['typeAndSummary', 'Tên loại và trích yếu nội dung'],
  ['assignedTo', 'Đơn vị hoặc người nhận'],
  ['assignedAt', 'Ngày chuyển'],
  ['receivedBy', 'Ký nhận'],
  ['notes', 'Ghi chú'],
] as const;

export type IncomingRegisterRow = { incomingId: string } & Record<(typeof INCOMING_COLUMNS)[number][0], string | number | null>;

/** Sổ theo dõi giải quyết văn bản đến (Nghị định 30 Phụ lục IV), its columns in the decree's order. */
export const FOLLOW_UP_COLUMNS = [
  ['incomingNumber', 'Số đến'],
  ['document', 'Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành'],
  ['assignedTo', 'Đơn vị hoặc người nhận'],
  ['deadline', 'Thời hạn giải quyết'],
  ['progress', 'Tiến độ giải quyết'],
  ['answer', 'Số, ký hiệu văn bản trả lời'],
  ['notes', 'Ghi chú'],
] as const;

export type FollowUpRow = { incomingId: string } & Record<(typeof FOLLOW_UP_COLUMNS)[number][0], string | number | null>;

