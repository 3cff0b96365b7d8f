import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { isDeadlineStage, planSteps, STAGE_DEADLINES, stepId, type WorkingCalendar } from '../../domain/src';
import { JOBS, type OutboxJob } from '../../queue/src';

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
   * The CTEs of a stage change (`param` adds a parameter and answers its
   * `$n`; `$1` must be the document id), and the jobs they write to the
   * outbox, for the caller to relay after commit.
   */
  onStageChange(
    param: (value: unknown) => string,
    change: { documentId: string; from: string; to: string; stageEntry: number; due: Date | null; now: Date },
    calendar: WorkingCalendar,
  ): { ctes: string[]; jobs: OutboxJob[] } {
    const { documentId, from, to, stageEntry, due, now } = change;
    const leaving = isDeadlineStage(from);
    const entering = isDeadlineStage(to) && due !== null;
    if (!entering) {
      const ctes = leaving
        ? [`dl_closed AS (UPDATE deadlines SET resolved_at = ${param(now)}::timestamptz WHERE document_id = $1 AND resolved_at IS NULL)`]
        : [];
      return { ctes, jobs: [] };
    }
    const kind = STAGE_DEADLINES[to as keyof typeof STAGE_DEADLINES].kind;
    const steps = planSteps(kind, due, now, {
      reminderBefore: this.config.reminderBefore,
      escalationAfter: this.config.escalationAfter,
      calendar,
    });
    const ids = steps.map((s) => stepId(documentId, stageEntry, kind, s.step));
    const at = param(now);
    // One snapshot for all: the UPDATE does not see the deadline the INSERT writes.
    const ctes = [
      `dl_resolved AS (UPDATE deadlines SET resolved_at = ${at}::timestamptz WHERE document_id = $1 AND resolved_at IS NULL)`,
      `dl_new AS (
         INSERT INTO deadlines (id, document_id, stage, stage_entry, kind, due_at, created_at)
         VALUES (${param(randomUUID())}::uuid, $1, ${param(to)}::text, ${param(stageEntry)}::int, ${param(kind)}::text,
                 ${param(due)}::timestamptz, ${at}::timestamptz)
         RETURNING id)`,
      `dl_steps AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT t.id, dl_new.id, t.step, t.run_at
           FROM dl_new, unnest(${param(ids)}::text[], ${param(steps.map((s) => s.step))}::text[], ${param(steps.map((s) => s.runAt))}::timestamptz[])
                AS t(id, step, run_at)
         RETURNING id, run_at)`,
      `dl_outbox AS (
         INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
         SELECT ${param(JOBS.deadlineStep.queue)}::text, ${param(JOBS.deadlineStep.name)}::text, dl_steps.id,
                json_build_object('stepId', dl_steps.id), dl_steps.run_at
           FROM dl_steps)`,
    ];
    const jobs = ids.map((jobId, i) => ({
      queue: JOBS.deadlineStep.queue,
      name: JOBS.deadlineStep.name,
      jobId,
      data: { stepId: jobId },
      runAt: steps[i].runAt,
    }));
    return { ctes, jobs };
  }
}
