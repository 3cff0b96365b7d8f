/** Vietnamese labels and the way dates and durations are written (Asia/Ho_Chi_Minh, dd/mm/yyyy HH:mm). */
import {
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_NAMES,
  STATES as STATE_CODES,
  URGENCIES as URGENCY_CODES,
  type DocumentState,
  type Position,
  type Purpose,
  type Urgency,
} from '../../../libs/domain/src/types';
import { formatVietnamTime } from '../../../libs/domain/src/messages';

/** `dd/mm/yyyy HH:mm` in Vietnam's time (as the server writes it in its messages), or a dash. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : formatVietnamTime(date);
}

/** The value of a `datetime-local` input, read as Vietnam's wall-clock time, as ISO 8601 with +07:00. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  return `${value}:00+07:00`;
}

/**
 * What a person types, `dd/mm/yyyy HH:mm` (a single-digit day, month or
 * hour will do), as the `yyyy-mm-ddTHH:mm` wall-clock value the forms keep;
 * null when it is not a real date and time.
 */
export function textToLocalInput(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:h](\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  // 31/02 is not a day: the calendar of that month must have it.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}`;
}

/** A day typed `dd/mm/yyyy` as `yyyy-mm-dd`; null when it is not a real day. */
export function textToDay(text: string): string | null {
  const local = textToLocalInput(`${text.trim()} 00:00`);
  return local ? local.slice(0, 10) : null;
}

/** A `yyyy-mm-ddTHH:mm` wall-clock value as a person reads it, `dd/mm/yyyy HH:mm`. */
export function localInputToText(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : '';
}

/** Vietnam's wall-clock time of an instant, for a `datetime-local` input. */
export function isoToLocalInput(date: Date): string {
  return textToLocalInput(formatVietnamTime(date))!;
}

/** "còn 2 ngày 3 giờ", "quá hạn 45 phút". */
export function formatTimeLeft(ms: number): string {
  const overdue = ms < 0;
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  const text =
    days > 0 ? `${days} ngày${hours ? ` ${hours} giờ` : ''}` : hours > 0 ? `${hours} giờ${minutes ? ` ${minutes} phút` : ''}` : `${Math.max(minutes, 1)} phút`;
  return overdue ? `quá hạn ${text}` : `còn ${text}`;
}

export const STATE_LABEL: Record<DocumentState, string> = {
  draft: 'Dự thảo',
  consulting: 'Đang lấy ý kiến',
  consulted: 'Đã lấy ý kiến',
  awaiting_review: 'Chờ lãnh đạo đơn vị kiểm tra',
  awaiting_signature: 'Chờ ký',
  signed: 'Đã ký',
  disseminated: 'Đã phát hành',
  reported: 'Đã hoàn thành báo cáo',
  withdrawn: 'Đã rút',
  recalled: 'Đã thu hồi',
};
export const STATES: readonly DocumentState[] = STATE_CODES;

export const EVENT_LABEL: Record<string, string> = {
  CREATE: 'Tạo dự thảo',
  EDIT: 'Sửa dự thảo',
  ADD_FILE: 'Đính kèm tệp',
  REMOVE_FILE: 'Gỡ tệp',
  SUBMIT_FOR_CONSULTATION: 'Gửi lấy ý kiến',
  GIVE_OPINION: 'Cho ý kiến',
  CONSULTATION_DEADLINE_REACHED: 'Hết hạn lấy ý kiến',
  DEADLINE_MOVED: 'Dời hạn theo lịch thi',
  REVISE: 'Chỉnh sửa lại',
  SUBMIT_FOR_SIGNATURE: 'Trình ký',
  APPROVE_REVIEW: 'Kiểm tra, trình ký',
  SIGN: 'Ký ban hành',
  RETURN: 'Trả lại',
  DISSEMINATE: 'Phát hành',
  ACKNOWLEDGE: 'Xác nhận đã nhận',
  SUBMIT_REPORT: 'Gửi báo cáo',
  CLOSE: 'Kết thúc',
  WITHDRAW: 'Rút văn bản',
  RECALL: 'Thu hồi văn bản',
  CORRECT: 'Đính chính',
  REPLACE: 'Thay thế bằng văn bản khác',
  CORRECTED: 'Được đính chính',
  REPLACED: 'Bị thay thế',
  RECALLED: 'Thu hồi theo văn bản gốc',
};

export const URGENCY_LABEL: Record<Urgency, string> = {
  normal: 'Thường',
  urgent: 'Khẩn',
  very_urgent: 'Thượng khẩn',
  flash: 'Hỏa tốc',
};
export const URGENCIES: readonly Urgency[] = URGENCY_CODES;

export const TYPE_LABEL: Record<string, string> = DOCUMENT_TYPE_NAMES;
export const TYPES: readonly string[] = DOCUMENT_TYPES;

export const PURPOSE_LABEL: Record<Purpose, string> = {
  implement: 'Thực hiện (t/h)',
  report_to: 'Để báo cáo (b/c)',
  coordinate: 'Phối hợp (p/h)',
  direct: 'Chỉ đạo (c/đ)',
  archive: 'Lưu',
  info: 'Để biết',
};
/** In the order a clerk picks them: the ones that carry work first. */
export const PURPOSES: readonly Purpose[] = ['implement', 'report_to', 'coordinate', 'direct', 'info', 'archive'];

export const POSITION_LABEL: Record<Position, string> = {
  officer: 'Chuyên viên',
  deputy_unit_head: 'Phó trưởng đơn vị',
  unit_head: 'Trưởng đơn vị',
  deputy_head: 'Phó thủ trưởng',
  acting_head: 'Quyền thủ trưởng',
  head: 'Thủ trưởng',
  clerk: 'Văn thư',
  admin: 'Quản trị',
};

export const CONSULTATION_LABEL: Record<string, string> = {
  pending: 'Chờ ý kiến',
  agreed: 'Đồng ý',
  disagreed: 'Không đồng ý',
  silent: 'Không trả lời (coi như đồng ý)',
};

export const REPORT_LABEL: Record<string, string> = {
  pending: 'Chưa báo cáo',
  submitted: 'Đã báo cáo',
  closed: 'Đã đóng',
};

export const TASK_LABEL: Record<string, string> = {
  opinion: 'Cho ý kiến',
  review: 'Kiểm tra trước khi trình ký',
  signature: 'Ký duyệt',
  dissemination: 'Phát hành',
  report: 'Báo cáo',
  incoming_register: 'Vào sổ văn bản đến',
  incoming_assign: 'Phân phối văn bản đến',
  incoming_work: 'Giải quyết văn bản đến',
};

export const AUTHORITY_LABEL: Record<string, string> = {
  '': 'Thủ trưởng ký tên mình',
  Q: 'Q. — quyền thủ trưởng',
  KT: 'KT. — ký thay thủ trưởng',
  TL: 'TL. — thừa lệnh (cấp phó đơn vị: TL. / KT.)',
  TUQ: 'TUQ. — thừa ủy quyền (có văn bản ủy quyền)',
  TM: 'TM. — thay mặt tập thể (cấp phó: TM. / KT.)',
};

export const NOTIFICATION_LABEL: Record<string, string> = {
  reminder: 'Nhắc việc',
  escalation: 'Báo cáo lên lãnh đạo',
  assignment: 'Việc mới',
  info: 'Thông tin',
};

/** What the API's refusal means, in words, before its own message. */
export function explainStatus(status: number): string {
  switch (status) {
    case 0:
      return 'Mất kết nối';
    case 400:
      return 'Thông tin chưa hợp lệ';
    case 401:
      return 'Phiên đăng nhập đã hết hoặc sai thông tin đăng nhập';
    case 403:
      return 'Bạn không có quyền thực hiện việc này';
    case 404:
      return 'Không tìm thấy văn bản';
    case 409:
      return 'Văn bản vừa được người khác xử lý hoặc không ở trạng thái cho phép';
    case 413:
      return 'Nội dung quá lớn (tối đa 1 MiB)';
    case 503:
      return 'Hệ thống tạm thời không sẵn sàng, vui lòng thử lại sau';
    default:
      return 'Có lỗi xảy ra';
  }
}

/** The names a person knows the API's fields by. */
export const FIELD_LABEL: Record<string, string> = {
  type: 'Loại văn bản',
  title: 'Trích yếu',
  body: 'Nội dung',
  urgency: 'Độ khẩn',
  consultees: 'Đơn vị được lấy ý kiến',
  deadline: 'Thời hạn',
  workingDays: 'Số ngày làm việc',
  agree: 'Ý kiến',
  comment: 'Góp ý',
  note: 'Ghi chú',
  signer: 'Người ký',
  signingAuthority: 'Thẩm quyền ký',
  reason: 'Lý do',
  recipients: 'Nơi nhận',
  agencyCode: 'Cơ quan',
  unitCode: 'Đơn vị',
  purpose: 'Mục đích',
  reportDeadline: 'Hạn báo cáo',
  consultationDeadline: 'Hạn lấy ý kiến',
  signatureDeadline: 'Hạn ký',
  proposedReportDeadline: 'Hạn báo cáo đề xuất',
  anchor: 'Buổi thi',
  content: 'Nội dung báo cáo',
  summary: 'Tóm tắt',
  expectedVersion: 'Phiên bản',
  to: 'Người được ủy quyền',
  from: 'Từ',
  until: 'Đến',
  ids: 'Văn bản',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  fullName: 'Họ tên',
  position: 'Vai trò',
  email: 'Thư điện tử',
  users: 'Người dùng',
  units: 'Đơn vị',
  agencies: 'Cơ quan',
};

const field = (path: string) => {
  const parts = path.split('.');
  const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? path;
  const index = parts.find((p) => /^\d+$/.test(p));
  const name = FIELD_LABEL[last] ?? last;
  return index !== undefined && last !== parts[0] ? `${FIELD_LABEL[parts[0]] ?? parts[0]} (mục ${Number(index) + 1}): ${name}` : name;
};

/** class-validator's English messages, as a person reads them; Vietnamese messages pass as they are. */
const RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^([\w.]+) should not be empty$/, (m) => `«${field(m[1])}» không được để trống`],
  [/^([\w.]+) is required when agree is false$/, () => 'Cần ghi góp ý khi không đồng ý'],
  [/^agencyCode or unitCode is required$/, () => 'Mỗi nơi nhận cần có cơ quan hoặc đơn vị'],
  [/^([\w.]+) must be shorter than or equal to (\d+) characters$/, (m) => `«${field(m[1])}» dài tối đa ${m[2]} ký tự`],
  [/^([\w.]+) must be longer than or equal to (\d+) characters$/, (m) => `«${field(m[1])}» cần ít nhất ${m[2]} ký tự`],
  [/^([\w.]+) must contain at least (\d+) elements?$/, (m) => `«${field(m[1])}»: chọn ít nhất ${m[2]}`],
  [/^([\w.]+) must contain no more than (\d+) elements?$/, (m) => `«${field(m[1])}»: tối đa ${m[2]}`],
  [/^([\w.]+) must not be less than (-?\d+)$/, (m) => `«${field(m[1])}» phải từ ${m[2]} trở lên`],
  [/^([\w.]+) must not be greater than (-?\d+)$/, (m) => `«${field(m[1])}» tối đa là ${m[2]}`],
  [/^([\w.]+) must be an? (ISO 8601 date|valid ISO 8601 date string).*$/, (m) => `«${field(m[1])}» phải là một ngày giờ hợp lệ`],
  [/^([\w.]+) must be one of the following values: (.*)$/, (m) => `«${field(m[1])}» phải là một trong: ${m[2]}`],
  [/^([\w.]+) must be a boolean value$/, (m) => `«${field(m[1])}» phải là có/không`],
  [/^([\w.]+) must be an integer number$/, (m) => `«${field(m[1])}» phải là số nguyên`],
  [/^([\w.]+) must be a string$/, (m) => `«${field(m[1])}» phải là văn bản`],
  [/^property ([\w.]+) should not exist$/, (m) => `Trường «${m[1]}» không được phép gửi`],
  [/^([\w.]+) must be an array$/, (m) => `«${field(m[1])}» phải là một danh sách`],
  [/^each value in ([\w.]+) must be (.*)$/, (m) => `Mỗi giá trị của «${field(m[1])}» phải hợp lệ (${m[2]})`],
  [/^([\w.]+) must be a number.*$/, (m) => `«${field(m[1])}» phải là một số`],
  [/^([\w.]+) must be a UUID$/, (m) => `«${field(m[1])}» phải là mã văn bản hợp lệ`],
  [/^([\w.]+) must be an object$/, (m) => `«${field(m[1])}» không đúng dạng`],
  [/^([\w.]+) should not be null or undefined$/, (m) => `«${field(m[1])}» là bắt buộc`],
  [/^([\w.]+) must be an email$/, (m) => `«${field(m[1])}» không đúng dạng địa chỉ thư`],
  // The organisation import's own checks: "users.0.unitCode: bắt buộc với chức vụ officer".
  [/^([a-z]+\.\d+\.\w+): (.+)$/, (m) => `«${field(m[1])}»: ${m[2]}`],
];

export function translateMessage(message: string): string {
  for (const [pattern, say] of RULES) {
    const m = message.match(pattern);
    if (m) return say(m);
  }
  return message;
}

/** A 409's answer names the state and what it allows: said with the labels a person knows. */
export function describeConflict(body: unknown): string | null {
  const b = body as { state?: string; allowedEvents?: string[] } | null;
  if (!b?.state || !Array.isArray(b.allowedEvents)) return null;
  const state = STATE_LABEL[b.state as DocumentState] ?? b.state;
  return b.allowedEvents.length
    ? `Văn bản đang ở trạng thái «${state}»; lúc này chỉ có thể: ${b.allowedEvents.map((e) => EVENT_LABEL[e] ?? e).join(', ')}.`
    : `Văn bản đang ở trạng thái «${state}»; không còn thao tác nào.`;
}

/** Văn bản đến: an incoming item's states and events, as a văn thư says them. */
export const INCOMING_STATE_LABEL: Record<string, string> = {
  received: 'Chờ vào sổ',
  registered: 'Chờ phân phối',
  assigned: 'Đã giao xử lý',
  in_progress: 'Đang giải quyết',
  done: 'Đã giải quyết',
  returned: 'Đã trả lại',
  recalled: 'Đã thu hồi',
};
export const INCOMING_EVENT_LABEL: Record<string, string> = {
  RECEIVE: 'Tiếp nhận',
  RECALLED: 'Thu hồi theo văn bản gốc',
  REGISTER: 'Vào sổ',
  ASSIGN: 'Phân phối, giao xử lý',
  UPDATE: 'Cập nhật tiến độ',
  COMPLETE: 'Hoàn thành',
  RETURN_TO_SENDER: 'Trả lại nơi gửi',
  ADD_FILE: 'Đính kèm tệp',
};
