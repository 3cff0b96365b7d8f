import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Metrics } from '../../metrics/src';
import { QUEUES } from './queues';

const REDIS_TIMEOUT_MS = 5000;
/**
 * How long pushed jobs wait to be sent together: a burst of transitions costs one Redis call and one DELETE.
 * A step is due hours or days after the transition that plans it, so 25 ms on the way costs nothing, and at
 * a thousand transitions a second it gathers a few dozen of them.
 */
const COALESCE_MS = 25;

/** A job a committed transaction wrote to the outbox, as it knows it. */
export interface OutboxJob {
  queue: string;
  name: string;
  jobId: string;
  data: object;
  runAt: Date;
}

/**
 * Hands the outbox to BullMQ. Transitions write outbox rows in their own
 * transaction; after commit `push()` sends the jobs it knows of (without
 * making the request wait), and the worker's sweep calls `flush()` for
 * whatever was left when Redis was away. Job ids are deterministic, so relaying twice adds once.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private readonly queues: Map<string, Queue>;

  constructor(
    private readonly db: DataSource,
    @InjectQueue(QUEUES.deadlines) deadlines: Queue,
    metrics: Metrics,
  ) {
    this.queues = new Map([[QUEUES.deadlines, deadlines]]);
    metrics.gauge('examflow_outbox_pending', 'Jobs written by transitions and not yet handed to Redis', async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox`);
      return n;
    });
  }

  private pending: OutboxJob[] = [];
  private pushTimer: NodeJS.Timeout | null = null;
  /** Sends under way: a new batch may start before the last one has finished. */
  private readonly sending = new Set<Promise<void>>();

  /**
   * After commit: hands these jobs (which the transaction also wrote to the
   * outbox) to BullMQ without reading them back, then deletes their outbox
   * rows. If Redis does not take them, the rows stay for the sweep.
   */
  push(jobs: OutboxJob[]): void {
    if (jobs.length === 0) return;
    this.pending.push(...jobs);
    this.pushTimer ??= setTimeout(() => this.sendPending(), COALESCE_MS);
  }

  private sendPending(): void {
    this.pushTimer = null;
    const batch = this.pending;
    this.pending = [];
    const run = this.send(batch)
      .catch((e) => this.log.warn(`outbox push: ${(e as Error).message} (the sweep will relay)`))
      .finally(() => this.sending.delete(run));
    this.sending.add(run);
  }

  /** Stopping: what is gathered goes now, and the database stays open until it has (the rows are deleted). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.pushTimer) {
      clearTimeout(this.pushTimer);
      this.sendPending();
    }
    await Promise.all(this.sending);
  }

  private async send(jobs: OutboxJob[]): Promise<void> {
    await this.add(jobs);
    await this.db.query(`DELETE FROM outbox WHERE job_id = ANY($1)`, [jobs.map((j) => j.jobId)]);
  }

  /** Adds jobs to their queues, one `addBulk` per queue, delayed until their moment (an id already there adds nothing). */
  private async add(jobs: OutboxJob[]): Promise<void> {
    const now = Date.now();
    const byQueue = new Map<string, OutboxJob[]>();
    for (const j of jobs) byQueue.set(j.queue, [...(byQueue.get(j.queue) ?? []), j]);
    for (const [name, list] of byQueue) {
      const queue = this.queues.get(name);
      if (!queue) throw new Error(`job for unknown queue ${name}`);
      await withTimeout(
        queue.addBulk(
          list.map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId, delay: Math.max(0, new Date(j.runAt).getTime() - now) } })),
        ),
        REDIS_TIMEOUT_MS,
      );
    }
  }

  /**
   * The repair of a Redis that lost jobs (restarted without its data, or
   * flushed): of these jobs, which the database says are pending, adds back
   * those whose key Redis no longer has. Returns how many it added.
   */
  async restore(jobs: OutboxJob[]): Promise<number> {
    let restored = 0;
    for (let i = 0; i < jobs.length; i += 1000) {
      const batch = jobs.slice(i, i + 1000);
      const byQueue = new Map<string, OutboxJob[]>();
      for (const j of batch) byQueue.set(j.queue, [...(byQueue.get(j.queue) ?? []), j]);
      const missing: OutboxJob[] = [];
      for (const [name, list] of byQueue) {
        const queue = this.queues.get(name);
        if (!queue) throw new Error(`job for unknown queue ${name}`);
        // One pipelined EXISTS per job key: cheap enough to run every sweep, even with thousands due.
        const redis = await queue.getBackend().client;
        const pipeline = redis.pipeline();
        for (const j of list) pipeline.runCommand('exists', [queue.toKey(j.jobId)]);
        const answers = (await withTimeout(pipeline.exec(), REDIS_TIMEOUT_MS)) ?? [];
        list.forEach((j, k) => {
          const [error, exists] = answers[k] ?? [new Error('no answer'), 0];
          if (error) throw error;
          if (exists === 0) missing.push(j);
        });
      }
      if (missing.length === 0) continue;
      await this.add(missing);
      restored += missing.length;
    }
    return restored;
  }

  /** Relays every pending row; returns how many. */
  async flush(batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        const rows: Array<{ id: string; queue: string; jobName: string; jobId: string; payload: object; runAt: Date }> =
          await tx.query(
            `SELECT id, queue, job_name AS "jobName", job_id AS "jobId", payload, run_at AS "runAt"
               FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            [batch],
          );
        if (rows.length === 0) return 0;
        await this.add(rows.map((r) => ({ queue: r.queue, name: r.jobName, jobId: r.jobId, data: r.payload, runAt: r.runAt })));
        await tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
        return rows.length;
      });
      total += n;
      if (n < batch) return total;
    }
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
