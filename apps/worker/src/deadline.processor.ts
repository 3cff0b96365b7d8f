import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DeadlineRunner } from '../../../libs/documents/src';
import { JOBS, QUEUES, type DeadlineStepJob } from '../../../libs/queue/src';

/**
 * Runs the jobs of the deadlines queue. The lock is short (10 s, renewed
 * while a job runs) so that a job whose worker died is taken up again within
 * seconds; running a step twice is harmless (DeadlineRunner fires once).
 */
@Processor(QUEUES.deadlines, { concurrency: 64, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 100 })
export class DeadlineProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Record<string, (job: Job) => Promise<unknown>>;

  constructor(private readonly runner: DeadlineRunner) {
    super();
    this.handlers = {
      [JOBS.deadlineStep.name]: (job: Job<DeadlineStepJob>) => this.runner.fire(job.data.stepId),
    };
  }

  /** Every job name of this queue has exactly one handler. */
  onModuleInit(): void {
    const names = Object.values(JOBS)
      .filter((j) => j.queue === QUEUES.deadlines)
      .map((j) => j.name);
    const missing = names.filter((n) => !this.handlers[n]);
    const extra = Object.keys(this.handlers).filter((n) => !names.includes(n as never));
    if (missing.length || extra.length) {
      throw new Error(`queue ${QUEUES.deadlines}: no handler for [${missing}], handler without job for [${extra}]`);
    }
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler(job);
  }
}
