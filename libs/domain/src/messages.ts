import { isIncomingDeadlineKind, type DeadlineKind, type StepKind } from './deadlines';

/** Vietnamese notification texts: they name the document, the stage, the deadline and what to do. */
const ACTION: Record<DeadlineKind, string> = {
  consultation: 'cho ý kiến về dự thảo',
  signature: 'xem xét, ký ban hành',
  dissemination: 'phát hành văn bản đã ký',
  report: 'gửi báo cáo kết quả thực hiện',
  registration: 'vào sổ văn bản đến',
  processing: 'giải quyết theo phân công',
};

const STAGE: Record<DeadlineKind, string> = {
  consultation: 'lấy ý kiến',
  signature: 'trình ký',
  dissemination: 'phát hành',
  report: 'báo cáo thực hiện',
  registration: 'tiếp nhận văn bản đến',
  processing: 'giải quyết văn bản đến',
};

/** A moment's fields in Vietnam's time zone (UTC+7, no daylight saving), two digits each but the year. */
export function vietnamParts(at: Date): { day: string; month: string; year: string; hour: string; minute: string; second: string } {
  const t = new Date(at.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    day: p(t.getUTCDate()),
    month: p(t.getUTCMonth() + 1),
    year: String(t.getUTCFullYear()),
    hour: p(t.getUTCHours()),
    minute: p(t.getUTCMinutes()),
    second: p(t.getUTCSeconds()),
  };
}

/** dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatVietnamTime(at: Date): string {
  const t = vietnamParts(at);
  return `${t.day}/${t.month}/${t.year} ${t.hour}:${t.minute}`;
}

export function documentLabel(doc: { number: string | null; title: string }): string {
  return doc.number ? `${doc.number} — ${doc.title}` : doc.title;
}

export function deadlineMessage(input: {
  kind: DeadlineKind;
  step: StepKind;
  document: { number: string | null; title: string };
  dueAt: Date;
  /** Who has not acted yet, for an escalation (e.g. "Cục Quản lý chất lượng"). */
  owers?: string[];
  /** For a closed consultation: the units that did not answer. */
  silent?: string[];
  /** For a per-session report (SPEC §8): the session's name. */
  session?: string;
}): string {
  // An incoming item is named so: the same number may also be one of the agency's own documents.
  const label = `${isIncomingDeadlineKind(input.kind) ? 'đến ' : ''}«${documentLabel(input.document)}»`;
  const due = formatVietnamTime(input.dueAt);
  const stage = input.session ? `báo cáo nhanh buổi thi ${input.session}` : STAGE[input.kind];
  const action = input.session ? `gửi báo cáo nhanh sau buổi thi ${input.session}` : ACTION[input.kind];
  switch (input.step) {
    case 'remind_before':
      return `Nhắc việc (giai đoạn ${stage}): văn bản ${label} cần ${action} trước hạn ${due}.`;
    case 'remind_due':
      return `Đến hạn (giai đoạn ${stage}): văn bản ${label} cần ${action} — hạn ${due}. Đề nghị xử lý ngay.`;
    case 'escalate':
      return (
        `Quá hạn (giai đoạn ${stage}): văn bản ${label} chưa được ${action}, hạn ${due}` +
        `${input.owers?.length ? `; chưa thực hiện: ${input.owers.join(', ')}` : ''}. Đề nghị đồng chí chỉ đạo xử lý.`
      );
    case 'expire':
      return (
        `Hết hạn lấy ý kiến văn bản ${label} (${due})` +
        (input.silent?.length
          ? `: ${input.silent.join(', ')} không trả lời, được coi là đồng ý.`
          : '.') +
        ' Văn bản chuyển sang trạng thái đã lấy ý kiến; có thể trình ký.'
      );
  }
}

/** The note a person gets when an item becomes theirs (kind `assignment`), or the drafter's news (`info`). */
export function assignmentMessage(input: {
  stage: 'consulting' | 'awaiting_review' | 'awaiting_signature' | 'signed' | 'disseminated' | 'returned' | 'consulted' | 'recalled';
  document: { number: string | null; title: string };
  dueAt: Date | null;
  reason?: string;
  implement?: boolean;
}): string {
  const label = `«${documentLabel(input.document)}»`;
  const due = input.dueAt ? ` — hạn ${formatVietnamTime(input.dueAt)}` : '';
  switch (input.stage) {
    case 'consulting':
      return `Việc mới: đơn vị được lấy ý kiến về dự thảo ${label}${due}.`;
    case 'awaiting_review':
      return `Việc mới: dự thảo ${label} chờ lãnh đạo đơn vị kiểm tra trước khi trình ký${due}.`;
    case 'awaiting_signature':
      return `Việc mới: văn bản ${label} trình ký${due}.`;
    case 'signed':
      return `Việc mới: văn bản ${label} đã ký, cần phát hành${due}.`;
    case 'disseminated':
      return input.implement
        ? `Văn bản đến: ${label}; đơn vị được giao thực hiện báo cáo kết quả${due}.`
        : `Văn bản đến: ${label}.`;
    case 'returned':
      return `Văn bản ${label} bị trả lại${input.reason ? `: ${input.reason}` : ''}. Đề nghị chỉnh sửa và trình lại.`;
    case 'consulted':
      return `Đã lấy đủ ý kiến về dự thảo ${label}; có thể trình ký.`;
    case 'recalled':
      return `Thu hồi văn bản ${label}${input.reason ? `: ${input.reason}` : ''}. Đề nghị hủy bỏ văn bản đã nhận; không thực hiện, không báo cáo theo văn bản này.`;
  }
}

/**
 * To those who owe an item whose deadline moved with its exam session (SPEC §8):
 * "Hạn trình ký văn bản «…» dời từ 14/05/2027 23:59 sang 18/05/2027 23:59 (20 ngày làm việc trước buổi thi đầu tiên; lịch thi thay đổi)."
 */
export function deadlineMovedMessage(input: { kind: DeadlineKind; document: { number: string | null; title: string }; from: Date; to: Date; how: string }): string {
  // "Hạn giải quyết văn bản đến «…»" for an incoming item; "Hạn trình ký văn bản «…»" for a document.
  const what = `${STAGE[input.kind]}${isIncomingDeadlineKind(input.kind) ? '' : ' văn bản'} «${documentLabel(input.document)}»`;
  return (
    `Hạn ${what} dời từ ${formatVietnamTime(input.from)} sang ${formatVietnamTime(input.to)} ` +
    `(${input.how}; lịch thi thay đổi). Đề nghị ${ACTION[input.kind]} trước hạn mới.`
  );
}
