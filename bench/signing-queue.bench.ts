import { Client } from 'pg';
import { ADMIN_PASSWORD, freshDatabase, log, login, peakRssMb, percentile, round, startServer, type Server } from './support';
import { signingQueueSql } from '../libs/documents/src/signing-queue.service';

/**
 * GET /api/signing-queue with 1,000,000 documents in the table, 200 of them
 * awaiting one leader: p50/p95 over 500 requests through HTTP.
 */
export async function signingQueueBench(total = Number(process.env.BENCH_QUEUE_DOCUMENTS ?? 1_000_000)) {
  const db = await freshDatabase();
  let server: Server | undefined;
  const sql = new Client({ connectionString: db.url });
  try {
    server = await startServer('api', db, {});
    const base = server.base;
    await sql.connect();
    await seedOrganisation(base);
    // 1,000,000 documents, written in chunks with generate_series; 200 await the leader 'lead.0', the rest
    // are spread over 50 other leaders and every state.
    const chunk = 100_000;
    const started = Date.now();
    for (let from = 1; from <= total; from += chunk) {
      const to = Math.min(total, from + chunk - 1);
      await sql.query(
        `INSERT INTO documents (id, type, title, urgency, state, version, agency_code, unit_code, drafter, signer,
                                signature_deadline, workflow_id, workflow_version, snapshot, last_hash, created_at, updated_at)
         SELECT gen_random_uuid(), 'GM', 'Văn bản số ' || g, (ARRAY['normal','urgent','very_urgent','flash'])[1 + g % 4],
                CASE WHEN g <= 200 THEN 'awaiting_signature'
                     ELSE (ARRAY['draft','consulting','consulted','awaiting_signature','signed','disseminated','reported','withdrawn'])[1 + g % 8] END,
                1, 'BENCH', 'U', 'officer.0',
                CASE WHEN g <= 200 THEN 'lead.0' ELSE 'lead.' || (1 + g % 50) END,
                now() + (g % 1000) * interval '1 hour', 'giay-moi', 1,
                '{"value":"draft","context":{"pendingConsultees":[],"pendingReports":[]}}', 'x', now(), now()
           FROM generate_series($1::int, $2::int) g`,
        [from, to],
      );
      log(`  seeded ${to.toLocaleString('en')} / ${total.toLocaleString('en')} documents (${round((Date.now() - started) / 1000, 1)} s)`);
    }
    await sql.query('ANALYZE documents');
    const token = await login(base, 'lead.0', 'Bench#2026');
    const get = () => fetch(`${base}/api/signing-queue?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 50; i++) await (await get()).arrayBuffer(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      const res = await get();
      await res.arrayBuffer();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`signing queue answered ${res.status}`);
    }
    times.sort((a, b) => a - b);
    const plan = (
      await sql.query(
        // The service's own statement (one signer: no delegations in this seed).
        `EXPLAIN (ANALYZE, BUFFERS) ${signingQueueSql(1)}`,
        ['lead.0', 50, 0],
      )
    ).rows.map((r) => r['QUERY PLAN']);
    const apiRssMb = await peakRssMb(server.child.pid!);
    return { documents: total, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), plan, apiRssMb };
  } finally {
    await sql.end().catch(() => undefined);
    await server?.stop();
    await db.drop();
  }
}

async function seedOrganisation(base: string) {
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  const users = [
    { username: 'officer.0', fullName: 'Chuyên viên', agencyCode: 'BENCH', unitCode: 'U', position: 'officer', title: 'Chuyên viên', password: 'Bench#2026' },
    ...Array.from({ length: 51 }, (_, i) => ({
      username: `lead.${i}`,
      fullName: `Lãnh đạo ${i}`,
      agencyCode: 'BENCH',
      position: i === 0 ? 'head' : 'deputy_head',
      title: i === 0 ? 'Bộ trưởng' : 'Thứ trưởng',
      password: 'Bench#2026',
    })),
  ];
  const res = await fetch(`${base}/api/org`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      agencies: [{ code: 'BENCH', name: 'Bộ thử tải', level: 'ministry' }],
      units: [{ code: 'U', agencyCode: 'BENCH', name: 'Đơn vị' }],
      users,
    }),
  });
  if (res.status !== 200) throw new Error(`PUT /api/org: ${res.status} ${await res.text()}`);
}
