import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { remindersBench } from './reminders.bench';
import { signingQueueBench } from './signing-queue.bench';
import { documentsBench } from './documents.bench';
import { campaignBench } from './campaign.bench';
import { freshDatabase, log, PG_ADMIN_URL, REDIS_URL } from './support';
import { transitionsBench } from './transitions.bench';

/**
 * `npm run bench`: each figure beside its ceiling measured in the same run on
 * the same servers; prints tables and writes bench/results/latest.json.
 * Benchmarks measure; they never fail on speed. `BENCH_ONLY=transitions,reminders,queue,documents,campaign` picks sections.
 */
async function main() {
  const only = new Set((process.env.BENCH_ONLY ?? 'transitions,reminders,queue,documents,campaign').split(','));
  const pg = new Client({ connectionString: PG_ADMIN_URL });
  await pg.connect();
  const postgres = (await pg.query('SHOW server_version')).rows[0].server_version;
  await pg.end();
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server');
  const hz = (await redis.config('GET', 'hz')) as string[];
  redis.disconnect();
  const results: Record<string, any> = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, postgres, redis: /redis_version:(\S+)/.exec(info)?.[1], redisHz: Number(hz[1]) },
  };
  const rss = { api: 0, worker: 0 };

  if (only.has('transitions')) {
    const db = await freshDatabase();
    try {
      const t = await transitionsBench(db);
      results.transitions = { service: t.service, http: t.http };
      rss.api = Math.max(rss.api, t.apiRssMb);
      console.log('\nTransitions (full lifecycles; ceiling: the same transaction shape with bare pg, same concurrency)');
      console.table(
        Object.entries<any>({ ...Object.fromEntries(Object.entries(t.service).map(([k, v]) => [`service × ${k}`, v])), 'HTTP × 32': t.http['32'] }).map(
          ([name, f]) => ({ run: name, 'transitions/s': f.tps, 'p50 ms': f.p50Ms, 'p99 ms': f.p99Ms, 'ceiling/s': f.ceilingTps, ratio: f.ratio }),
        ),
      );
    } finally {
      await db.drop();
    }
  }

  if (only.has('reminders')) {
    const db = await freshDatabase();
    try {
      const r = await remindersBench(db);
      results.reminders = { count: r.count, p50Ms: r.p50Ms, p99Ms: r.p99Ms, maxMs: r.maxMs, bareP99Ms: r.bareP99Ms, ratio: r.ratio };
      rss.worker = Math.max(rss.worker, r.workerRssMb);
      console.log(`\nReminder lateness (${r.count} reminders due in one 10 s window; ceiling: bare BullMQ on the same Redis, hz ${results.machine.redisHz})`);
      console.table([
        { run: 'examflow (notification written − due)', 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, 'max ms': r.maxMs },
        { run: 'bare BullMQ (processing start − due)', 'p50 ms': r.bareP50Ms, 'p99 ms': r.bareP99Ms, 'max ms': '' },
      ]);
      console.log(`p99 ratio ${r.ratio} (target ≤ 1.5 and ≤ 250 ms)`);
    } finally {
      await db.drop();
    }
  }

  if (only.has('queue')) {
    log('signing queue: seeding…');
    const q = await signingQueueBench();
    results.signingQueue = { documents: q.documents, p50Ms: q.p50Ms, p95Ms: q.p95Ms };
    rss.api = Math.max(rss.api, q.apiRssMb);
    console.log('\nSigning queue (GET /api/signing-queue?limit=50, 500 requests; 200 documents await the caller)');
    console.table([{ documents: q.documents, 'p50 ms': q.p50Ms, 'p95 ms': q.p95Ms, 'target p95 ms': 10 }]);
    console.log(q.plan.join('\n'));
  }

  if (only.has('documents')) {
    const f = await documentsBench();
    results.documents = f;
    rss.api = Math.max(rss.api, f.rssPeakMb);
    console.log(`\nThe document itself (SIGN drawing, signing and storing its PDF, ${f.signs} SIGNs through HTTP; a 50 MB file up and down)`);
    console.table([{ 'SIGN p50 ms': f.signP50Ms, 'SIGN p95 ms': f.signP95Ms, 'upload MB/s': f.uploadMBps, 'download MB/s': f.downloadMBps, 'RSS before MB': f.rssBeforeMb, 'RSS peak MB': f.rssPeakMb }]);
  }

  if (only.has('campaign')) {
    const f = await campaignBench();
    results.campaign = f;
    rss.api = Math.max(rss.api, f.apiRssMb);
    console.log(`\nThe exam season (DISSEMINATE to "Các sở GDĐT", 63 agencies × 8 sessions = ${f.obligations} report obligations, through HTTP; ceiling: the same rows in bare SQL)`);
    console.table([{ 'p50 ms': f.disseminateP50Ms, 'p95 ms': f.disseminateP95Ms, 'ceiling p50 ms': f.ceilingP50Ms, 'ceiling p95 ms': f.ceilingP95Ms, ratio: f.ratio, 'target ratio': 3 }]);
    console.log(`rows of one dissemination: ${JSON.stringify(f.rows)}`);
    console.log(`\nThe board (GET /api/campaigns/:id/board, ${f.boardCells} cells)`);
    console.table([{ 'p50 ms': f.boardP50Ms, 'p95 ms': f.boardP95Ms, 'target ms': 50 }]);
  }

  results.rssMb = rss;
  console.log('\nPeak RSS (VmHWM) of the processes, MB (target ≤ 300 each)');
  console.table([rss]);

  const out = resolve(__dirname, '../../bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten ${resolve(out, 'latest.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
