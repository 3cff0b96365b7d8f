import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/src';
import { stepJobId } from '../../../domain/src';
import { ExternalMail, NotificationService } from '../../../notifications/src';
import { JOBS, OutboxRelay } from '../../../queue/src';
import { Metrics } from '../../../metrics/src';
import { DeadlineMover } from './deadline-mover';
import { DeadlineRunner } from './deadline.runner';

/** How far ahead the sweep checks that Redis still holds the jobs of pending steps. */
const HORIZON_MS = 3_600_000;

/**
 * The repair pass (every SWEEP_INTERVAL, in the worker): finish a session
 * move left half done (DeadlineMover), relay what the outbox still holds, fire steps past their time by more than SWEEP_GRACE
 * (their job was lost or is stuck), put back jobs Redis lost for steps due
 * within the hour, and retry e-mails that failed.
 */
@Injectable()
export class DeadlineSweep {
  private readonly log = new Logger(DeadlineSweep.name);

  constructor(
    private readonly db: DataSource,
    private readonly runner: DeadlineRunner,
    private readonly mover: DeadlineMover,
    private readonly relay: OutboxRelay,
    private readonly notifications: NotificationService,
    private readonly externalMail: ExternalMail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    metrics.gauge('examflow_deadline_steps_overdue', 'Deadline steps past their time and not yet run', async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM deadline_steps WHERE done_at IS NULL AND run_at < now()`);
      return n;
    });
  }

  async sweep(): Promise<{ relayed: number; fired: number; restored: number; moved: number }> {
    // A session move a stopped process left half done is finished first: the steps below are then where they belong.
    const moved = await this.mover.finishInterrupted().catch((e) => {
      this.log.warn(`sweep: moving anchored deadlines failed: ${(e as Error).message}`);
      return 0;
    });
    let relayed = 0;
    try {
      relayed = await this.relay.flush();
    } catch (e) {
      this.log.warn(`sweep: outbox relay failed: ${(e as Error).message}`);
    }
    const overdue: Array<{ id: string; moves: number }> = await this.db.query(
      `SELECT id, moves FROM deadline_steps WHERE done_at IS NULL AND run_at <= now() - make_interval(secs => $1)
        ORDER BY run_at LIMIT 1000`,
      [this.config.sweepGraceMs / 1000],
    );
    const outcomes = await Promise.all(overdue.map(({ id, moves }) => this.runner.fire(stepJobId(id, moves))));
    const fired = outcomes.filter((o) => o === 'fired').length;
    let restored = 0;
    try {
      restored = await this.restoreJobs();
    } catch (e) {
      this.log.warn(`sweep: could not check the queue: ${(e as Error).message}`);
    }
    await this.notifications.retryEmails().catch((e) => this.log.warn(`sweep: e-mail retry failed: ${(e as Error).message}`));
    await this.externalMail.retry().catch((e) => this.log.warn(`sweep: mail to external recipients failed: ${(e as Error).message}`));
    if (fired || restored) this.log.log(`sweep: fired ${fired} overdue step(s), restored ${restored} job(s)`);
    return { relayed, fired, restored, moved };
  }

  /** Adds back the jobs of steps due within the hour that Redis no longer has. */
  private async restoreJobs(): Promise<number> {
    const due: Array<{ id: string; moves: number; runAt: Date }> = await this.db.query(
      `SELECT id, moves, run_at AS "runAt" FROM deadline_steps
        WHERE done_at IS NULL AND run_at > now() - make_interval(secs => $1) AND run_at <= now() + make_interval(secs => $2)
        ORDER BY run_at LIMIT 10000`,
      [this.config.sweepGraceMs / 1000, HORIZON_MS / 1000],
    );
    const { queue, name } = JOBS.deadlineStep;
    return this.relay.restore(
      due.map((s) => {
        const jobId = stepJobId(s.id, s.moves);
        return { queue, name, jobId, data: { stepId: jobId }, runAt: s.runAt };
      }),
    );
  }
}
