import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../../config/src';
import { isDeadlineStage, planSteps, STAGE_DEADLINES, stepId, type WorkingCalendar } from '../../../domain/src';
import { JOBS, outboxCte, type OutboxJob } from '../../../queue/src';
import type { SqlParams } from '../../../persistence/src/sql';

/**
 * Inside a transition's transaction: close the deadlines of the stage the
 * document leaves, and write the deadline, its steps and their outbox rows
 * for the stage it enters — as CTEs of the transition's own final statement,
 * so no round trip of their own, and no Redis on the way.
 */
@Injectable()
export class DeadlineScheduler {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * The CTEs of a stage change, and the jobs they write to the outbox, for
   * the caller to relay after commit. `documentParam` is the placeholder of
   * the document id in the statement. `due` is the stage's deadline; a
   * dissemination with per-session reports (SPEC §8) also opens one deadline
   * per session (`sessions`), each with steps of its own.
   */
  onStageChange(
    params: SqlParams,
    documentParam: string,
    change: { documentId: string; from: string; to: string; stageEntry: number; due: Date | null; now: Date; sessions?: Array<{ session: string; due: Date }> },
    calendar: WorkingCalendar,
  ): { ctes: string[]; jobs: OutboxJob[] } {
    const { documentId, from, to, stageEntry, due, now } = change;
    const leaving = isDeadlineStage(from);
    const opened = isDeadlineStage(to) ? [...(due ? [{ session: '', due }] : []), ...(change.sessions ?? [])] : [];
    if (opened.length === 0) {
      const ctes = leaving
        ? [`dl_closed AS (UPDATE deadlines SET resolved_at = ${params.add(now, 'timestamptz')}
                           WHERE document_id = ${documentParam} AND resolved_at IS NULL)`]
        : [];
      return { ctes, jobs: [] };
    }
    const kind = STAGE_DEADLINES[to as keyof typeof STAGE_DEADLINES].kind;
    const options = { reminderBefore: this.config.reminderBefore, escalationAfter: this.config.escalationAfter, calendar };
    const steps = opened.flatMap((d, n) =>
      planSteps(kind, d.due, now, options).map((s) => ({ ...s, n, id: stepId(documentId, stageEntry, kind, s.step, d.session) })),
    );
    const at = params.add(now, 'timestamptz');
    // One snapshot for all: the UPDATE does not see the deadlines the INSERT writes.
    const ctes = [
      `dl_resolved AS (UPDATE deadlines SET resolved_at = ${at} WHERE document_id = ${documentParam} AND resolved_at IS NULL)`,
      `dl_new AS (
         INSERT INTO deadlines (id, document_id, stage, stage_entry, kind, session_code, due_at, created_at)
         SELECT t.id, ${documentParam}, ${params.add(to, 'text')}, ${params.add(stageEntry, 'int')}, ${params.add(kind, 'text')}, t.session, t.due, ${at}
           FROM unnest(${params.add(opened.map(() => randomUUID()), 'uuid[]')}, ${params.add(opened.map((d) => d.session), 'text[]')},
                       ${params.add(opened.map((d) => d.due), 'timestamptz[]')}) AS t(id, session, due)
         RETURNING id, session_code)`,
      `dl_steps AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT t.id, dl_new.id, t.step, t.run_at
           FROM unnest(${params.add(steps.map((s) => s.id), 'text[]')}, ${params.add(steps.map((s) => s.step), 'text[]')},
                       ${params.add(steps.map((s) => s.runAt), 'timestamptz[]')}, ${params.add(steps.map((s) => opened[s.n].session), 'text[]')})
                AS t(id, step, run_at, session)
           JOIN dl_new ON dl_new.session_code = t.session
         RETURNING id, run_at)`,
      outboxCte(params, { name: 'dl_outbox', job: JOBS.deadlineStep, from: 'dl_steps', jobId: 'id', runAt: 'run_at', payloadKey: 'stepId' }),
    ];
    const jobs = steps.map((s) => ({
      queue: JOBS.deadlineStep.queue,
      name: JOBS.deadlineStep.name,
      jobId: s.id,
      data: { stepId: s.id },
      runAt: s.runAt,
    }));
    return { ctes, jobs };
  }
}
