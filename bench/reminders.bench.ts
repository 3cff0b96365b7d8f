import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { ADMIN_PASSWORD, log, login, peakRssMb, percentile, REDIS_URL, round, startServer, type Server } from './support';

/**
 * 10,000 reminders due inside one 10-second window. examflow: deadline steps
 * written with their outbox rows (as transitions write them), relayed to
 * BullMQ, fired by one worker process; lateness = notification written − due.
 * Ceiling: a bare BullMQ worker on the same Redis, recording its own lateness
 * (processing start − due) for the same load.
 */
const COUNT = Number(process.env.BENCH_REMINDERS ?? 10_000);
const WINDOW_MS = 10_000;
const LEAD_MS = 8_000;

export async function remindersBench(db: { name: string; url: string }) {
  const bare = await bareBullmq();
  log(`reminders: bare BullMQ p99 ${bare.p99Ms} ms`);
  let api: Server | undefined;
  let worker: Server | undefined;
  const sql = new Client({ connectionString: db.url });
  try {
    api = await startServer('api', db, {});
    const admin = await login(api.base, 'admin', ADMIN_PASSWORD);
    const org = {
      agencies: [{ code: 'R', name: 'Bộ nhắc việc', level: 'ministry' }],
      units: [{ code: 'U', agencyCode: 'R', name: 'Đơn vị' }],
      users: [
        { username: 'ro', fullName: 'Chuyên viên', agencyCode: 'R', unitCode: 'U', position: 'officer', title: 'Chuyên viên', password: 'Bench#2026' },
        ...Array.from({ length: 50 }, (_, i) => ({ username: `rl${i}`, fullName: `Lãnh đạo ${i}`, agencyCode: 'R', position: 'deputy_head', title: 'Thứ trưởng', password: 'Bench#2026' })),
      ],
    };
    const put = await fetch(`${api.base}/api/org`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(org),
    });
    if (put.status !== 200) throw new Error(`PUT /api/org ${put.status}`);
    await api.stop();
    api = undefined;
    await sql.connect();
    worker = await startServer('worker', db, { SWEEP_INTERVAL: '1s', SWEEP_GRACE: '30s', REMINDER_BEFORE: '1h', ESCALATION_AFTER: '1h' });
    const start = Date.now() + LEAD_MS;
    // Documents awaiting signature, each with a deadline inside the window and its `remind_due` step.
    await sql.query(
      `WITH d AS (
         INSERT INTO documents (id, type, title, urgency, state, version, agency_code, unit_code, drafter, signer,
                                signature_deadline, workflow_id, workflow_version, snapshot, last_hash, created_at, updated_at)
         SELECT gen_random_uuid(), 'GM', 'Giấy mời ' || g, 'normal', 'awaiting_signature', 2, 'R', 'U', 'ro', 'rl' || (g % 50),
                to_timestamp(($1::bigint + (g * $2::bigint) / $3::bigint) / 1000.0), 'giay-moi', 1,
                '{"value":"awaiting_signature","context":{"pendingConsultees":[],"pendingReports":[]}}', 'x', now(), now()
           FROM generate_series(0, $3::int - 1) g
         RETURNING id, signature_deadline),
       dl AS (
         INSERT INTO deadlines (id, document_id, stage, stage_entry, kind, due_at, created_at)
         SELECT gen_random_uuid(), d.id, 'awaiting_signature', 2, 'signature', d.signature_deadline, now() FROM d
         RETURNING id, document_id, due_at),
       s AS (
         INSERT INTO deadline_steps (id, deadline_id, step, run_at)
         SELECT dl.document_id || '.2.signature.remind_due', dl.id, 'remind_due', dl.due_at FROM dl
         RETURNING id, run_at)
       INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
       SELECT 'deadlines', 'deadline-step', s.id, json_build_object('stepId', s.id), s.run_at FROM s`,
      [start, WINDOW_MS, COUNT],
    );
    log(`reminders: ${COUNT} steps written; the worker relays and fires them…`);
    const until = start + WINDOW_MS + 60_000;
    for (;;) {
      const [{ n }] = (await sql.query(`SELECT count(*)::int AS n FROM notifications`)).rows;
      if (n >= COUNT) break;
      if (Date.now() > until) throw new Error(`only ${n} of ${COUNT} reminders arrived`);
      await new Promise((ok) => setTimeout(ok, 500));
    }
    const late = (
      await sql.query(
        `SELECT (extract(epoch FROM n.created_at - s.run_at) * 1000)::float8 AS ms
           FROM notifications n JOIN deadline_steps s ON n.dedupe_key = s.id || ':' || n.username`,
      )
    ).rows
      .map((r) => r.ms as number)
      .sort((a, b) => a - b);
    const rss = await peakRssMb(worker.child.pid!);
    const p99 = round(percentile(late, 99));
    return {
      count: late.length,
      p50Ms: round(percentile(late, 50)),
      p99Ms: p99,
      maxMs: round(late[late.length - 1]),
      bareP50Ms: bare.p50Ms,
      bareP99Ms: bare.p99Ms,
      ratio: round(p99 / Math.max(bare.p99Ms, 1)),
      workerRssMb: rss,
    };
  } finally {
    await sql.end().catch(() => undefined);
    await worker?.stop();
    await api?.stop();
  }
}

async function bareBullmq(): Promise<{ p50Ms: number; p99Ms: number }> {
  const prefix = `{bench-bare-${Date.now()}}`;
  const connection = { url: REDIS_URL };
  const queue = new Queue('bare', { connection, prefix });
  const late: number[] = [];
  const worker = new Worker(
    'bare',
    async (job) => {
      late.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
    },
    { connection, prefix, concurrency: 16 },
  );
  try {
    const start = Date.now() + LEAD_MS;
    for (let i = 0; i < COUNT; i += 1000) {
      const now = Date.now();
      await queue.addBulk(
        Array.from({ length: Math.min(1000, COUNT - i) }, (_, k) => {
          const due = start + ((i + k) * WINDOW_MS) / COUNT;
          return { name: 'r', data: {}, opts: { jobId: `r${i + k}`, delay: due - now, removeOnComplete: true } };
        }),
      );
    }
    const until = start + WINDOW_MS + 60_000;
    while (late.length < COUNT && Date.now() < until) await new Promise((ok) => setTimeout(ok, 200));
    late.sort((a, b) => a - b);
    return { p50Ms: round(percentile(late, 50)), p99Ms: round(percentile(late, 99)) };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
