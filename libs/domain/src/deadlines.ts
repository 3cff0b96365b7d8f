import type { WorkingCalendar } from './calendar';
import type { AgencyLevel, DocumentState, Position } from './types';

/**
 * Which stage owes what by when, and the steps a deadline schedules (pure).
 * SPEC §2 "Deadlines, reminders, escalation".
 */
export type DeadlineKind = 'consultation' | 'signature' | 'dissemination' | 'report' | IncomingDeadlineKind;
/** What an incoming item owes (SPEC §7): its registration by the clerk, its processing by the lead unit. */
export type IncomingDeadlineKind = 'registration' | 'processing';
export type StepKind = 'remind_before' | 'remind_due' | 'escalate' | 'expire';

/** A span of time: working days (`1wd`) or wall clock (`30s`, `2h`); libs/config parses it from the environment. */
export type Duration = { kind: 'working_days'; days: number } | { kind: 'wall_clock'; ms: number };

export const STAGE_DEADLINES = {
  consulting: { kind: 'consultation', field: 'consultationDeadline' },
  awaiting_signature: { kind: 'signature', field: 'signatureDeadline' },
  signed: { kind: 'dissemination', field: 'disseminationDeadline' },
  disseminated: { kind: 'report', field: 'reportDeadline' },
} as const satisfies Partial<Record<DocumentState, { kind: DeadlineKind; field: string }>>;

export type DeadlineStage = keyof typeof STAGE_DEADLINES;

/**
 * The stages of an incoming item that owe something by a deadline, the
 * deadline's kind and the states in which it is still owed: `assigned`
 * stays owed through `in_progress`, until COMPLETE.
 */
export const INCOMING_DEADLINES = {
  received: { kind: 'registration', open: ['received'] },
  assigned: { kind: 'processing', open: ['assigned', 'in_progress'] },
} as const satisfies Record<string, { kind: IncomingDeadlineKind; open: readonly string[] }>;

export function isIncomingDeadlineKind(kind: string): kind is IncomingDeadlineKind {
  return kind === 'registration' || kind === 'processing';
}

/**
 * When an incoming item must be registered (SPEC §7, Nghị định 30 Điều 22):
 * by the end of the working day it arrived (the next working day's, when it
 * arrived on a day off); an urgent one within `urgentWithin` of arrival.
 */
export function registrationDue(receivedAt: Date, urgency: string, urgentWithin: Duration, calendar: WorkingCalendar): Date {
  return urgency === 'normal' ? calendar.endOfWorkingDay(receivedAt) : after(receivedAt, urgentWithin, calendar);
}

/**
 * When a signed document must be sent (Nghị định 30 Điều 18.1, SPEC §9): "trong ngày văn bản đó được ký, chậm
 * nhất là trong ngày làm việc tiếp theo" — the end of the next working day; an urgent one (khẩn, thượng khẩn,
 * hỏa tốc) "ngay sau khi ký", within `urgentWithin` of its signature.
 */
export function disseminationDue(signedAt: Date, urgency: string, urgentWithin: Duration, calendar: WorkingCalendar): Date {
  return urgency === 'normal' ? calendar.addWorkingDays(signedAt, 1) : after(signedAt, urgentWithin, calendar);
}

export function isDeadlineStage(state: string): state is DeadlineStage {
  return Object.hasOwn(STAGE_DEADLINES, state);
}

/** `due + d`: wall clock, or the end of the Nth working day after `due`. */
export function after(due: Date, d: Duration, calendar: WorkingCalendar): Date {
  return d.kind === 'wall_clock' ? new Date(due.getTime() + d.ms) : calendar.addWorkingDays(due, d.days);
}

/** `due − d`: wall clock, or the same time N working days earlier. */
export function before(due: Date, d: Duration, calendar: WorkingCalendar): Date {
  return d.kind === 'wall_clock' ? new Date(due.getTime() - d.ms) : calendar.subtractWorkingDays(due, d.days);
}

export interface PlannedStep {
  step: StepKind;
  runAt: Date;
}

/**
 * The steps of one deadline. A consultation closes itself at its deadline
 * (silence is agreement), so it has no reminder at the deadline and no
 * escalation; every other stage is reminded before and at its deadline, and
 * escalated ESCALATION_AFTER past it. A reminder whose time has already
 * passed when the stage is entered is not sent.
 */
export function planSteps(
  kind: DeadlineKind,
  due: Date,
  now: Date,
  options: { reminderBefore: Duration; escalationAfter: Duration; calendar: WorkingCalendar },
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const early = before(due, options.reminderBefore, options.calendar);
  if (early.getTime() > now.getTime()) steps.push({ step: 'remind_before', runAt: early });
  if (kind === 'consultation') {
    steps.push({ step: 'expire', runAt: due });
  } else {
    steps.push({ step: 'remind_due', runAt: due });
    steps.push({ step: 'escalate', runAt: after(due, options.escalationAfter, options.calendar) });
  }
  return steps;
}

/**
 * Deterministic ids: the step row's key and the BullMQ job id (BullMQ forbids ':'). A per-session report's
 * (SPEC §8) names its session after the kind: `….report-TOAN.remind_due`.
 */
export function stepId(documentId: string, stageEntry: number, kind: DeadlineKind, step: StepKind, session = ''): string {
  return `${documentId}.${stageEntry}.${kind}${session ? `-${session}` : ''}.${step}`;
}

/**
 * The BullMQ job of a step: the step's id, with how often it was moved when
 * it was (a session moved, SPEC §8). The job of an earlier move finds the
 * step moved on and does nothing; the job of the current move fires it.
 */
export function stepJobId(stepId: string, moves: number): string {
  return moves === 0 ? stepId : `${stepId}.m${moves}`;
}

/** The step and the move a job id names (stepJobId read back). */
export function parseStepJobId(jobId: string): { stepId: string; moves: number } {
  const m = /^(.*)\.m(\d+)$/.exec(jobId);
  return m ? { stepId: m[1], moves: Number(m[2]) } : { stepId: jobId, moves: 0 };
}

/** What the escalation rule needs to know of the organisation. */
export interface EscalationOrg {
  levelOf(agencyCode: string): AgencyLevel | undefined;
  supervisorOf(agencyCode: string, unitCode: string): string | null;
  headsOf(agencyCode: string): string[];
  unitHeadsOf(agencyCode: string, unitCode: string): string[];
}

/** Who owes an item: a unit (or a whole agency), and the person when one person owes it (the signer). */
export interface Ower {
  agencyCode: string;
  unitCode: string | null;
  username?: string;
  position?: Position;
}

/**
 * SPEC §2: in a ministry, the supervisor (Thứ trưởng) of the unit that owes
 * it, else the agency's head; in a department, its head (Giám đốc). When the
 * one who owes it is that leader, the agency head; when the head owes it,
 * the head and the head of the drafting unit.
 */
export function escalationTargets(
  ower: Ower,
  drafting: { agencyCode: string; unitCode: string },
  org: EscalationOrg,
): string[] {
  const heads = org.headsOf(ower.agencyCode);
  if (ower.position === 'head' || ower.position === 'acting_head' || (ower.username && heads.includes(ower.username))) {
    return unique([...heads, ...org.unitHeadsOf(drafting.agencyCode, drafting.unitCode)]);
  }
  const level = org.levelOf(ower.agencyCode);
  const supervisor = level === 'ministry' && ower.unitCode ? org.supervisorOf(ower.agencyCode, ower.unitCode) : null;
  if (!supervisor || supervisor === ower.username) return unique(heads);
  return [supervisor];
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
