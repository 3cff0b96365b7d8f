import type { SqlParams } from '../../persistence/src/sql';
import type { JOBS } from './queues';

type Job = (typeof JOBS)[keyof typeof JOBS];

/**
 * Outbox rows as a CTE of someone else's statement (a transition schedules
 * its deadline steps in its own final statement): one row per row of the CTE
 * `from`, whose columns `jobId` and `runAt` name the job id and its moment;
 * the payload is `{ [payloadKey]: jobId }`. libs/queue is the only writer of
 * the outbox: this and OutboxRelay.
 */
export function outboxCte(
  params: SqlParams,
  o: { name: string; job: Job; from: string; jobId: string; runAt: string; payloadKey: string },
): string {
  return `${o.name} AS (
     INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
     SELECT ${params.add(o.job.queue, 'text')}, ${params.add(o.job.name, 'text')}, ${o.from}.${o.jobId},
            json_build_object(${params.add(o.payloadKey, 'text')}, ${o.from}.${o.jobId}), ${o.from}.${o.runAt}
       FROM ${o.from})`;
}
