import type { WorkingCalendar } from './calendar';

/**
 * Deadlines anchored to an exam (SPEC §8), pure: `{ anchor, workingDays }`
 * or `{ anchor, hours }` against the campaign's first session, its last,
 * or one named by its code, resolved on the working calendar.
 *
 * A negative offset counts back from the session's start, a positive one
 * on from its end: `workingDays: -20` is the end of the working day twenty
 * working days before the day the session starts (Tết, weekends and the
 * swapped days skipped like everywhere else), `workingDays: 3` the end of
 * the third working day after the day it ends (as `workingDays` of §2),
 * `hours: 2` two hours after it ends, `hours: -24` a day before it starts.
 */
export interface AnchoredDeadline {
  anchor: string;
  workingDays?: number;
  hours?: number;
}

/** A session's times, as the resolution needs them. */
export interface SessionTimes {
  code: string;
  name?: string;
  startsAt: Date;
  endsAt: Date;
}

/** `firstSession`, `lastSession` or `session:CODE` (a session's code as campaigns write them). */
export const ANCHOR_PATTERN = /^(firstSession|lastSession|session:[A-Z0-9][A-Z0-9-]{0,39})$/;

/** The session an anchor names, or null when the campaign has no such session. */
export function anchorSession(anchor: string, sessions: readonly SessionTimes[]): SessionTimes | null {
  if (sessions.length === 0) return null;
  const byStart = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.code.localeCompare(b.code));
  if (anchor === 'firstSession') return byStart[0];
  if (anchor === 'lastSession') {
    // The last to end: a long session that starts earlier may end after a later short one.
    return [...sessions].sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime() || b.code.localeCompare(a.code))[0];
  }
  const code = anchor.startsWith('session:') ? anchor.slice('session:'.length) : null;
  return sessions.find((s) => s.code === code) ?? null;
}

/**
 * What is wrong with an anchored deadline as a client wrote it (null: it is
 * well formed). `field` names it in the message.
 */
export function anchoredDeadlineProblem(value: unknown, field: string): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${field}: một thời điểm ISO 8601, hoặc { anchor, workingDays } / { anchor, hours } theo kỳ thi`;
  }
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => k !== 'anchor' && k !== 'workingDays' && k !== 'hours');
  if (unknown.length) return `${field}: không có trường ${unknown.join(', ')} (chỉ anchor, workingDays hoặc hours)`;
  if (typeof v.anchor !== 'string' || !ANCHOR_PATTERN.test(v.anchor)) {
    return `${field}.anchor: "firstSession", "lastSession" hoặc "session:MÃ" (mã buổi thi, ví dụ session:TOAN)`;
  }
  const has = (k: 'workingDays' | 'hours') => v[k] !== undefined;
  if (has('workingDays') === has('hours')) return `${field}: cho một trong workingDays hoặc hours, không cả hai`;
  const key = has('workingDays') ? 'workingDays' : 'hours';
  const n = v[key];
  const limit = key === 'workingDays' ? 365 : 8760;
  if (typeof n !== 'number' || !Number.isInteger(n) || n === 0 || Math.abs(n) > limit) {
    return `${field}.${key}: số nguyên khác 0, từ -${limit} đến ${limit} (âm: trước khi buổi thi bắt đầu; dương: sau khi buổi thi kết thúc)`;
  }
  return null;
}

/** Whether a client's deadline value is an anchored one (an object) rather than a moment (a string). */
export function isAnchored(value: unknown): value is AnchoredDeadline {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The moment an anchored deadline stands for, given the campaign's sessions; null when the anchor names no session. */
export function resolveAnchored(d: AnchoredDeadline, sessions: readonly SessionTimes[], calendar: WorkingCalendar): Date | null {
  const s = anchorSession(d.anchor, sessions);
  if (!s) return null;
  if (d.hours !== undefined) {
    const from = d.hours < 0 ? s.startsAt : s.endsAt;
    return new Date(from.getTime() + d.hours * 3_600_000);
  }
  const n = d.workingDays ?? 0;
  if (n > 0) return calendar.addWorkingDays(s.endsAt, n);
  // The end of the working day |n| working days before the day the session starts.
  return calendar.endOfWorkingDay(calendar.subtractWorkingDays(s.startsAt, -n));
}

/**
 * Whether a change to these sessions can move this anchor: a named session
 * that changed, or the first or last, which any change can make another.
 */
export function anchorTouchedBy(anchor: string, changedCodes: readonly string[]): boolean {
  if (anchor === 'firstSession' || anchor === 'lastSession') return changedCodes.length > 0;
  return changedCodes.includes(anchor.slice('session:'.length));
}

/**
 * How it was given, in words, for the web app and messages:
 * "20 ngày làm việc trước buổi thi đầu tiên", "2 giờ sau buổi thi Toán".
 */
export function describeAnchored(d: AnchoredDeadline, sessions: readonly SessionTimes[] = []): string {
  const named = d.anchor.startsWith('session:') ? d.anchor.slice('session:'.length) : null;
  const session = named ? sessions.find((s) => s.code === named) : undefined;
  const which =
    d.anchor === 'firstSession' ? 'buổi thi đầu tiên' : d.anchor === 'lastSession' ? 'buổi thi cuối cùng' : `buổi thi ${session?.name ?? named}`;
  const n = d.hours ?? d.workingDays ?? 0;
  const unit = d.hours !== undefined ? 'giờ' : 'ngày làm việc';
  return `${Math.abs(n)} ${unit} ${n < 0 ? 'trước' : 'sau'} ${which}`;
}
