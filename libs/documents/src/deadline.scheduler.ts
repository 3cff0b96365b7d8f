import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { isDeadlineStage, planSteps, STAGE_DEADLINES, stepId, type WorkingCalendar } from '../../domain/src';
import { JOBS, type OutboxJob } from '../../queue/src';

/**
 * Inside a transition's transaction: close the deadlines of the stage the
 * document leaves, and write the deadline, its steps and their outbox rows
 * for the stage it enters — one statement, no Redis on the way.
 */
@Injectable()
export class DeadlineScheduler {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Returns the jobs written to the outbox, for the caller to relay after commit. */
  async onStageChange(
    tx: EntityManager,
    change: { documentId: string; from: string; to: string; stageEntry: number; due: Date | null; now: Date },
    calendar: WorkingCalendar,
  ): Promise<OutboxJob[]> {
    const { documentId, from, to, stageEntry, due, now } = change;
    const leaving = isDeadlineStage(from);
    const entering = isDeadlineStage(to) && due !== null;
    if (!entering) {
      if (leaving) {
        await tx.query(`UPDATE deadlines SET resolved_at = $2 WHERE document_id = $1 AND resolved_at IS NULL`, [documentId, now]);
      }
      return [];
    }
    const kind = STAGE_DEADLINES[to as keyof typeof STAGE_DEADLINES].kind;
    const steps = planSteps(kind, due, now, {
      reminderBefore: this.config.reminderBefore,
      escalationAfter: this.config.escalationAfter,
      calendar,
    });
    const ids = steps.map((s) => stepId(documentId, stageEntry, kind, s.step));
    await tx.query(
      `WITH resolved AS (
         UPDATE deadlines SET resolved_at = $6 WHERE document_id = $2 AND resolved_at IS NULL RETURNING id),
       d AS (
         INSERT INTO deadlines (id, document_id, stage, stage_entry, kind, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $7, $6) RETURNING id),
       s AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT t.id, d.id, t.step, t.run_at FROM d, unnest($8::text[], $9::text[], $10::timestamptz[]) AS t(id, step, run_at)
         RETURNING id, run_at)
       INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
       SELECT $11, $12, s.id, json_build_object('stepId', s.id), s.run_at FROM s`,
      [
        randomUUID(),
        documentId,
        to,
        stageEntry,
        kind,
        now,
        due,
        ids,
        steps.map((s) => s.step),
        steps.map((s) => s.runAt),
        JOBS.deadlineStep.queue,
        JOBS.deadlineStep.name,
      ],
    );
    return ids.map((jobId, i) => ({
      queue: JOBS.deadlineStep.queue,
      name: JOBS.deadlineStep.name,
      jobId,
      data: { stepId: jobId },
      runAt: steps[i].runAt,
    }));
  }
}
