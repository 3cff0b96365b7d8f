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
   * the document id in the statement.
   */
  onStageChange(
    params: SqlParams,
    documentParam: string,
    change: { documentId: string; from: string; to: string; stageEntry: number; due: Date | null; now: Date },
    calendar: WorkingCalendar,
  ): { ctes: string[]; jobs: OutboxJob[] } {
    const { documentId, from, to, stageEntry, due, now } = change;
    const leaving = isDeadlineStage(from);
    const entering = isDeadlineStage(to) && due !== null;
    if (!entering) {
      const ctes = leaving
        ? [`dl_closed AS (UPDATE deadlines SET resolved_at = ${params.add(now, 'timestamptz')}
                           WHERE document_id = ${documentParam} AND resolved_at IS NULL)`]
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
    const at = params.add(now, 'timestamptz');
    // One snapshot for all: the UPDATE does not see the deadline the INSERT writes.
    const ctes = [
      `dl_resolved AS (UPDATE deadlines SET resolved_at = ${at} WHERE document_id = ${documentParam} AND resolved_at IS NULL)`,
      `dl_new AS (
         INSERT INTO deadlines (id, document_id, stage, stage_entry, kind, due_at, created_at)
         VALUES (${params.add(randomUUID(), 'uuid')}, ${documentParam}, ${params.add(to, 'text')}, ${params.add(stageEntry, 'int')},
                 ${params.add(kind, 'text')}, ${params.add(due, 'timestamptz')}, ${at})
         RETURNING id)`,
      `dl_steps AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT t.id, dl_new.id, t.step, t.run_at
           FROM dl_new, unnest(${params.add(ids, 'text[]')}, ${params.add(steps.map((s) => s.step), 'text[]')},
                               ${params.add(steps.map((s) => s.runAt), 'timestamptz[]')}) AS t(id, step, run_at)
         RETURNING id, run_at)`,
      outboxCte(params, { name: 'dl_outbox', job: JOBS.deadlineStep, from: 'dl_steps', jobId: 'id', runAt: 'run_at', payloadKey: 'stepId' }),
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
