import { ApiPropertyOptions } from '@nestjs/swagger';
import { ValidateBy, isISO8601, type ValidationOptions } from 'class-validator';
import {
  InvalidInput,
  anchoredDeadlineProblem,
  describeAnchored,
  isAnchored,
  resolveAnchored,
  type AnchoredDeadline,
  type SessionTimes,
  type WorkingCalendar,
} from '../../../domain/src';
import { futureDate } from './references';

/** A deadline as a client gives it (SPEC §8): a moment, or an offset from a session of the document's campaign. */
export type DeadlineInput = string | AnchoredDeadline;

/** The document fields a deadline may be anchored in; `anchors` is keyed by them. */
export type AnchoredField = 'consultationDeadline' | 'signatureDeadline' | 'proposedReportDeadline' | 'reportDeadline';
export type Anchors = Partial<Record<AnchoredField, AnchoredDeadline>>;

/** For the OpenAPI page: the two shapes a deadline field takes. */
export const DEADLINE_SCHEMA: ApiPropertyOptions = {
  oneOf: [
    { type: 'string', format: 'date-time', example: '2027-06-30T17:00:00+07:00' },
    {
      type: 'object',
      required: ['anchor'],
      properties: {
        anchor: { type: 'string', example: 'firstSession', description: '`firstSession`, `lastSession` or `session:CODE` of the document\'s campaign' },
        workingDays: { type: 'integer', example: -20, description: 'negative: before the session starts; positive: after it ends' },
        hours: { type: 'integer', example: 2, description: 'negative: before the session starts; positive: after it ends' },
      },
    },
  ],
};

/** A moment (ISO 8601, strict) or a well-formed anchored deadline; each problem named. */
export function IsDeadlineInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDeadlineInput',
      validator: {
        validate: (value: unknown) => (typeof value === 'string' ? isISO8601(value, { strict: true }) : anchoredDeadlineProblem(value, '') === null),
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? `${args.property} must be an ISO 8601 date (or { anchor, workingDays | hours } against the campaign)`
            : (anchoredDeadlineProblem(args?.value, args?.property ?? 'deadline') ?? ''),
      },
    },
    options,
  );
}

/** What resolving a deadline needs: the moment, the calendar, and the sessions of the document's campaign (null: none). */
export interface DeadlineContext {
  now: Date;
  calendar: WorkingCalendar;
  sessions: readonly SessionTimes[] | null;
}

/**
 * The moment a client's deadline stands for, in the future; an anchored one
 * resolved against the campaign's sessions (400 when there is no campaign,
 * no such session, or the moment has passed).
 */
export function resolveDeadline(value: DeadlineInput, field: string, ctx: DeadlineContext): Date {
  if (!isAnchored(value)) return futureDate(value, field, ctx.now);
  if (!ctx.sessions) throw new InvalidInput([`${field}: văn bản không thuộc kỳ thi nào (campaignId), không tính hạn theo buổi thi được`]);
  const at = resolveAnchored(value, ctx.sessions, ctx.calendar);
  if (!at) throw new InvalidInput([`${field}.anchor: kỳ thi không có buổi thi "${value.anchor.replace(/^session:/, '')}"`]);
  if (at.getTime() <= ctx.now.getTime()) {
    throw new InvalidInput([`${field}: thời hạn ${describeAnchored(value, ctx.sessions)} (${at.toISOString()}) đã qua`]);
  }
  return at;
}

/** The document's anchors with `field` given as `value`: kept when anchored, dropped when given as a moment. */
export function withAnchor(anchors: Anchors, field: AnchoredField, value: DeadlineInput | null | undefined): Anchors {
  const { [field]: _, ...rest } = anchors;
  return isAnchored(value) ? { ...rest, [field]: { anchor: value.anchor, ...(value.workingDays !== undefined ? { workingDays: value.workingDays } : { hours: value.hours }) } } : rest;
}

/** Whether a payload gives any deadline as an anchor (then its campaign's sessions are read). */
export function givesAnchor(payload: Record<string, unknown>): boolean {
  return Object.values(payload).some(isAnchored);
}

/**
 * The change to the document's `anchors` when each field is given as its
 * value (a moment drops the field's anchor): none when they stay as they are.
 */
export function anchorChange(current: Anchors | null | undefined, given: Partial<Record<AnchoredField, DeadlineInput | null>>): { anchors?: string } {
  const before = current ?? {};
  const after = Object.entries(given).reduce((a, [field, value]) => withAnchor(a, field as AnchoredField, value), before);
  return JSON.stringify(after) === JSON.stringify(before) ? {} : { anchors: JSON.stringify(after) };
}

/** What the history entry records of anchored deadlines: how they were given, beside the moments. */
export function anchorInHistory(given: Partial<Record<AnchoredField, DeadlineInput | null>>): { anchors?: Anchors } {
  const anchored = Object.entries(given).filter(([, v]) => isAnchored(v));
  return anchored.length ? { anchors: Object.fromEntries(anchored) } : {};
}
