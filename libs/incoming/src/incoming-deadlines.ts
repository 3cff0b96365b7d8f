import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  INCOMING_DEADLINES,
  escalationTargets,
  planSteps,
  stepId,
  type Duration,
  type EscalationOrg,
  type IncomingDeadlineKind,
  type Ower,
  type WorkingCalendar,
} from '../../domain/src';
import { JOBS, outboxCte, type OutboxJob } from '../../queue/src';
import { SqlParams, agencyDesk, unitAnswerers, usernamesArray } from '../../persistence/src/sql';

/**
 * The deadlines of incoming items (SPEC §7) on the documents' own deadline
 * machinery: the same `deadlines` and `deadline_steps` rows, the same
 * outbox, the same runner and sweep (libs/documents deadlines). This file
 * writes them in an incoming transition's transaction, and answers the
 * runner's two questions: who owes the item now, and who is told when it
 * is late.
 */

export interface NewIncomingDeadline {
  incomingId: string;
  /** The state that owes it: `received` (registration) or `assigned` (processing). */
  stage: keyof typeof INCOMING_DEADLINES;
  /** The item's version that entered the stage. */
  stageEntry: number;
  due: Date;
}

export interface DeadlineOptions {
  reminderBefore: Duration;
  escalationAfter: Duration;
  calendar: WorkingCalendar;
}

/**
 * Closes the open deadline of each item (the stage it leaves) and opens the
 * given ones, with their steps and outbox rows, in one statement. Answers
 * the jobs to hand to the queue after commit.
 */
export async function changeIncomingDeadlines(
  tx: EntityManager,
  change: { close: string[]; open: NewIncomingDeadline[] },
  now: Date,
  options: DeadlineOptions,
): Promise<OutboxJob[]> {
  const { close, open } = change;
  if (close.length === 0 && open.length === 0) return [];
  const p = new SqlParams();
  const at = p.add(now, 'timestamptz');
  const ctes = [`closed AS (UPDATE deadlines SET resolved_at = ${at} WHERE incoming_id = ANY(${p.add(close, 'uuid[]')}) AND resolved_at IS NULL)`];
  const jobs: OutboxJob[] = [];
  if (open.length) {
    const deadlineIds = open.map(() => randomUUID());
    const steps = open.flatMap((d, n) => {
      const kind = INCOMING_DEADLINES[d.stage].kind;
      return planSteps(kind, d.due, now, options).map((s) => ({ ...s, id: stepId(d.incomingId, d.stageEntry, kind, s.step), deadlineId: deadlineIds[n] }));
    });
    ctes.push(
      `dl AS (
         INSERT INTO deadlines (id, incoming_id, stage, stage_entry, kind, due_at, created_at)
         SELECT t.id, t.incoming_id, t.stage, t.stage_entry, t.kind, t.due_at, ${at}
           FROM unnest(${p.add(deadlineIds, 'uuid[]')}, ${p.add(open.map((d) => d.incomingId), 'uuid[]')}, ${p.add(open.map((d) => d.stage), 'text[]')},
                       ${p.add(open.map((d) => d.stageEntry), 'int[]')}, ${p.add(open.map((d) => INCOMING_DEADLINES[d.stage].kind), 'text[]')},
                       ${p.add(open.map((d) => d.due), 'timestamptz[]')}) AS t(id, incoming_id, stage, stage_entry, kind, due_at)
         RETURNING id)`,
      `steps AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT t.id, dl.id, t.step, t.run_at
           FROM unnest(${p.add(steps.map((s) => s.id), 'text[]')}, ${p.add(steps.map((s) => s.deadlineId), 'uuid[]')},
                       ${p.add(steps.map((s) => s.step), 'text[]')}, ${p.add(steps.map((s) => s.runAt), 'timestamptz[]')}) AS t(id, deadline_id, step, run_at)
           JOIN dl ON dl.id = t.deadline_id
         RETURNING id, run_at)`,
      outboxCte(p, { name: 'outboxed', job: JOBS.deadlineStep, from: 'steps', jobId: 'id', runAt: 'run_at', payloadKey: 'stepId' }),
    );
    const { queue, name } = JOBS.deadlineStep;
    jobs.push(...steps.map((s) => ({ queue, name, jobId: s.id, data: { stepId: s.id }, runAt: s.runAt })));
  }
  await tx.query(`WITH ${ctes.join(',\n')} SELECT 1`, p.values);
  return jobs;
}

/** What the deadline runner reads of the incoming item a step is for. */
export interface StepIncoming {
  id: string;
  agencyCode: string;
  number: string | null;
  title: string;
  state: string;
  leadUnit: string | null;
  assignedBy: string | null;
  /** The person of the lead unit its head gave it to, if any. */
  handler: string | null;
}

/** The item's statement for the runner's locking query: `i` is incoming_items. */
export const STEP_INCOMING_JSON = `json_build_object('id', i.id, 'agencyCode', i.agency_code, 'number', i.number, 'title', i.title,
  'state', i.state, 'leadUnit', i.lead_unit, 'assignedBy', i.assigned_by, 'handler', i.handler)`;

/** Whether the item still owes what the deadline of `stage` is for. */
export function incomingStillOwes(stage: string, state: string): boolean {
  const d = INCOMING_DEADLINES[stage as keyof typeof INCOMING_DEADLINES];
  return d !== undefined && (d.open as readonly string[]).includes(state);
}

/**
 * Who owes the item, with whom to remind: for the registration, the
 * receiving agency's desk (its clerks); for the processing, the lead unit's
 * answerers (its head, else its officers) and the person its head gave it to.
 */
export async function incomingOwers(tx: EntityManager, kind: IncomingDeadlineKind, item: StepIncoming): Promise<Array<Ower & { users: string[]; label: string }>> {
  if (kind === 'registration') {
    const [desk]: Array<{ users: string[] | null; clerkUnit: string | null; name: string }> = await tx.query(
      `SELECT ${usernamesArray(agencyDesk('$1::text'))} AS users, a.name,
              (SELECT unit_code FROM users WHERE agency_code = $1 AND position = 'clerk' ORDER BY username LIMIT 1) AS "clerkUnit"
         FROM agencies a WHERE a.code = $1`,
      [item.agencyCode],
    );
    return [{ agencyCode: item.agencyCode, unitCode: desk.clerkUnit, users: desk.users ?? [], label: `Văn thư ${desk.name}` }];
  }
  if (!item.leadUnit) return [];
  const [unit]: Array<{ users: string[] | null; name: string }> = await tx.query(
    `SELECT ${usernamesArray(unitAnswerers('$1::text', '$2::text'))} AS users, un.name
       FROM units un WHERE un.agency_code = $1 AND un.code = $2`,
    [item.agencyCode, item.leadUnit],
  );
  const users = [...new Set([...(item.handler ? [item.handler] : []), ...(unit?.users ?? [])])];
  return [{ agencyCode: item.agencyCode, unitCode: item.leadUnit, users, label: unit?.name ?? item.leadUnit }];
}

/**
 * Who is told when the item is late (SPEC §7): the processing goes to the
 * leader who assigned it while they still lead the agency (else its heads);
 * the registration goes up as any of the agency's own stages does (§2).
 */
export async function incomingEscalationTargets(
  tx: EntityManager,
  kind: IncomingDeadlineKind,
  item: StepIncoming,
  owers: Ower[],
  /** The organisation slice §2's rule reads, asked for only when it is needed. */
  org: () => Promise<EscalationOrg>,
): Promise<string[]> {
  if (kind === 'processing' && item.assignedBy) {
    const still: unknown[] = await tx.query(
      `SELECT 1 FROM users WHERE username = $1 AND agency_code = $2 AND position IN ('head', 'acting_head', 'deputy_head') AND NOT disabled`,
      [item.assignedBy, item.agencyCode],
    );
    if (still.length) return [item.assignedBy];
    return (await org()).headsOf(item.agencyCode);
  }
  const slice = await org();
  return owers.flatMap((o) => escalationTargets(o, { agencyCode: item.agencyCode, unitCode: o.unitCode ?? '' }, slice));
}
