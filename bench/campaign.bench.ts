import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_PASSWORD, freshDatabase, log, login, peakRssMb, percentile, round, startServer, type Server } from './support';

const PASSWORD = 'Bench#2026';
const SO = Array.from({ length: 63 }, (_, i) => `SO${String(i + 1).padStart(2, '0')}`);

/**
 * The exam season at scale (SPEC §8, issue 15): one plan disseminated to the
 * group "Các sở GDĐT" of 63 agencies with 8 sessions of per-session reports
 * (504 obligations, 8 deadlines and their 24 steps, 63 incoming items with
 * their registration deadlines, the countersigned PDF) — DISSEMINATE through
 * HTTP, p50/p95 — beside a bare-SQL ceiling: the very rows that one
 * dissemination wrote, written again in one transaction, one statement per
 * table. And GET /api/campaigns/:id/board with the 63 × 8 cells filled.
 */
export async function campaignBench(runs = Number(process.env.BENCH_CAMPAIGN_RUNS ?? 20)) {
  const db = await freshDatabase();
  let server: Server | undefined;
  const sql = new Client({ connectionString: db.url });
  try {
    server = await startServer('api', db, {});
    const base = server.base;
    await sql.connect();
    const admin = await login(base, 'admin', ADMIN_PASSWORD);
    const api = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
      return answer as any;
    };
    await api(admin, 'PUT', '/api/org', organisation());
    const [officer, deputy, clerk, minister] = await Promise.all(['cv.bo', 'tt.bo', 'vt.bo', 'bt.bo'].map((u) => login(base, u, PASSWORD)));
    const day = 86_400_000;
    const first = Date.now() + 30 * day;
    const sessions = (code: string) =>
      Array.from({ length: 8 }, (_, i) => ({
        code: `B${i + 1}`,
        name: `Buổi ${i + 1}`,
        startsAt: new Date(first + Math.floor(i / 2) * day + (i % 2) * 6 * 3_600_000).toISOString(),
        endsAt: new Date(first + Math.floor(i / 2) * day + (i % 2) * 6 * 3_600_000 + 7_200_000).toISOString(),
      })).map((s) => ({ ...s, code: `${code}${s.code}` }));
    const season = await api(minister, 'POST', '/api/campaigns', { code: 'BENCH-2027', name: 'Kỳ thi đo', year: 2027, sessions: sessions('') });
    const signed = async (campaignId: string, i: number) => {
      const d = await api(officer, 'POST', '/api/documents', { type: 'CV', title: `Công văn về báo cáo nhanh ${i}`, campaignId });
      await api(officer, 'POST', `/api/documents/${d.id}/events`, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'tt.bo', signingAuthority: 'KT' });
      await api(deputy, 'POST', `/api/documents/${d.id}/events`, { type: 'SIGN' });
      return d.id as string;
    };
    const disseminate = (id: string) =>
      api(clerk, 'POST', `/api/documents/${id}/events`, { type: 'DISSEMINATE', recipients: [{ groupCode: 'CAC-SO', purpose: 'implement' }], sessionReports: { hours: 2 } });

    const times: number[] = [];
    let sample = '';
    for (let i = 0; i < runs + 3; i++) {
      const id = await signed(season.id, i);
      const t = performance.now();
      const doc = await disseminate(id);
      if (i >= 3) times.push(performance.now() - t); // three to warm up
      sample = id;
      if (doc.recipients.length !== 63 || doc.recipients[0].sessionReports.length !== 8) throw new Error('the dissemination did not fan out');
    }
    log(`campaign: ${runs} disseminations to 63 Sở × 8 sessions`);
    const counts = await written(sql, sample);
    const ceilingTimes = await ceiling(sql, sample, runs);
    times.sort((a, b) => a - b);

    // The board: one plan of its own campaign, its 504 cells filled (a third submitted, some late, the rest pending).
    const boardCampaign = await api(minister, 'POST', '/api/campaigns', { code: 'BENCH-BOARD', name: 'Bảng đo', year: 2027, sessions: sessions('') });
    const boarded = await signed(boardCampaign.id, 999);
    await disseminate(boarded);
    await sql.query(
      `UPDATE session_reports SET status = 'submitted', content = 'Báo cáo nhanh', submitted_at = due_at - interval '1 hour', submitted_by = 'vt.SO01'
        WHERE document_id = $1 AND recipient_idx % 3 = 0`,
      [boarded],
    );
    await sql.query(`UPDATE session_reports SET due_at = now() - interval '1 hour' WHERE document_id = $1 AND recipient_idx % 3 = 1 AND session_code = 'B1'`, [boarded]);
    const get = () => fetch(`${base}/api/campaigns/${boardCampaign.id}/board`, { headers: { authorization: `Bearer ${minister}` } });
    for (let i = 0; i < 20; i++) await (await get()).arrayBuffer();
    const boardTimes: number[] = [];
    let cells = 0;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const res = await get();
      const body = (await res.json()) as any;
      boardTimes.push(performance.now() - t);
      cells = Object.values<number>(body.counts).reduce((a, b) => a + b, 0);
    }
    boardTimes.sort((a, b) => a - b);
    const ceilingSorted = [...ceilingTimes].sort((a, b) => a - b);
    const p50 = round(percentile(times, 50));
    const ceilingP50 = round(percentile(ceilingSorted, 50));
    return {
      obligations: 63 * 8,
      rows: counts,
      disseminateP50Ms: p50,
      disseminateP95Ms: round(percentile(times, 95)),
      ceilingP50Ms: ceilingP50,
      ceilingP95Ms: round(percentile(ceilingSorted, 95)),
      ratio: round(p50 / ceilingP50),
      boardCells: cells,
      boardP50Ms: round(percentile(boardTimes, 50)),
      boardP95Ms: round(percentile(boardTimes, 95)),
      apiRssMb: await peakRssMb(server.child.pid!),
    };
  } finally {
    await sql.end().catch(() => undefined);
    await server?.stop();
    await db.drop();
  }
}

/** The Ministry (an officer, a Thứ trưởng, a clerk, the Bộ trưởng) and 63 Sở, each with a clerk and a Giám đốc; the group of them. */
function organisation() {
  const user = (username: string, agencyCode: string, position: string, unitCode?: string) => ({
    username,
    fullName: username,
    agencyCode,
    ...(unitCode ? { unitCode } : {}),
    position,
    title: position,
    password: PASSWORD,
  });
  return {
    agencies: [{ code: 'BO', name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' }, ...SO.map((c) => ({ code: c, name: `Sở Giáo dục và Đào tạo ${c}`, level: 'department' }))],
    units: [
      { code: 'QLCL', agencyCode: 'BO', name: 'Cục Quản lý chất lượng' },
      { code: 'VP', agencyCode: 'BO', name: 'Văn phòng Bộ' },
      ...SO.map((c) => ({ code: 'VP', agencyCode: c, name: `Văn phòng Sở ${c}` })),
    ],
    users: [
      user('cv.bo', 'BO', 'officer', 'QLCL'),
      user('tt.bo', 'BO', 'deputy_head'),
      user('bt.bo', 'BO', 'head'),
      user('vt.bo', 'BO', 'clerk', 'VP'),
      ...SO.flatMap((c) => [user(`vt.${c}`, c, 'clerk', 'VP'), user(`gd.${c}`, c, 'head')]),
    ],
    externals: [],
    groups: [{ code: 'CAC-SO', name: 'Các sở GDĐT', members: SO.map((agencyCode) => ({ agencyCode })) }],
  };
}

/** What one dissemination wrote, by table. */
async function written(sql: Client, id: string): Promise<Record<string, number>> {
  const [r] = (
    await sql.query(
      `SELECT (SELECT count(*) FROM recipients WHERE document_id = $1)::int AS recipients,
              (SELECT count(*) FROM session_reports WHERE document_id = $1)::int AS "sessionReports",
              (SELECT count(*) FROM deadlines WHERE document_id = $1 AND stage = 'disseminated')::int
                + (SELECT count(*) FROM deadlines d JOIN incoming_items i ON i.id = d.incoming_id WHERE i.source_document_id = $1)::int AS deadlines,
              (SELECT count(*) FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id
                 LEFT JOIN incoming_items i ON i.id = d.incoming_id
                WHERE (d.document_id = $1 AND d.stage = 'disseminated') OR i.source_document_id = $1)::int AS steps,
              (SELECT count(*) FROM incoming_items WHERE source_document_id = $1)::int AS "incomingItems"`,
      [id],
    )
  ).rows;
  return r;
}

/**
 * The ceiling: the rows one DISSEMINATE wrote (the document's change and
 * history row, recipients, session reports, its deadlines with their steps
 * and outbox rows, the incoming items with their history, deadlines, steps
 * and outbox rows, the notifications, the countersigned PDF), written again
 * `runs` times under new keys with bare pg, one statement per table, in one
 * transaction each.
 */
async function ceiling(sql: Client, id: string, runs: number): Promise<number[]> {
  const rows = async (q: string) => (await sql.query(q, [id])).rows;
  const doc = (await rows(`SELECT * FROM documents WHERE id = $1`))[0];
  const history = await rows(`SELECT * FROM document_history WHERE document_id = $1 AND event = 'DISSEMINATE'`);
  const recipients = await rows(`SELECT * FROM recipients WHERE document_id = $1`);
  const sessionReports = await rows(`SELECT * FROM session_reports WHERE document_id = $1`);
  const items = await rows(`SELECT * FROM incoming_items WHERE source_document_id = $1`);
  const itemHistory = await rows(`SELECT h.* FROM incoming_history h JOIN incoming_items i ON i.id = h.incoming_id WHERE i.source_document_id = $1`);
  const deadlines = await rows(
    `SELECT d.* FROM deadlines d LEFT JOIN incoming_items i ON i.id = d.incoming_id WHERE (d.document_id = $1 AND d.stage = 'disseminated') OR i.source_document_id = $1`,
  );
  const steps = await rows(
    `SELECT s.* FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id LEFT JOIN incoming_items i ON i.id = d.incoming_id
      WHERE (d.document_id = $1 AND d.stage = 'disseminated') OR i.source_document_id = $1`,
  );
  const notifications = await rows(`SELECT * FROM notifications WHERE document_id = $1 AND created_at >= (SELECT disseminated_at FROM documents WHERE id = $1)`);
  const pdf = (await rows(`SELECT p.*, b.size, b.chunks FROM document_pdfs p JOIN file_blobs b ON b.sha256 = p.blob_sha256 WHERE p.document_id = $1 AND p.stage = 'disseminated'`))[0];
  const chunks = (await sql.query(`SELECT * FROM file_chunks WHERE sha256 = ANY($1)`, [pdf.chunks])).rows;
  const times: number[] = [];
  for (let n = 0; n < runs + 3; n++) {
    // A copy of the signed document stands in for the next one to disseminate (outside the timing).
    const docId = randomUUID();
    await sql.query(`INSERT INTO documents SELECT * FROM json_populate_record(NULL::documents, $1)`, [JSON.stringify({ ...doc, id: docId, state: 'signed', number: `${100_000 + n}/CV-BO`, number_seq: 100_000 + n })]);
    const itemIds = new Map(items.map((i) => [i.id, randomUUID()]));
    const deadlineIds = new Map(deadlines.map((d) => [d.id, randomUUID()]));
    const stepIds = new Map(steps.map((s) => [s.id, `${randomUUID()}.${s.step}`]));
    const put = (table: string, list: object[]) =>
      sql.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(list)]);
    const sha = randomBytes(32).toString('hex');
    const chunkShas = chunks.map(() => randomBytes(32).toString('hex'));
    const t = performance.now();
    await sql.query('BEGIN');
    await sql.query(`UPDATE documents SET state = 'disseminated', version = version + 1, snapshot = $2, report_deadline = NULL, disseminated_at = now(), updated_at = now() WHERE id = $1 AND version = $3`, [
      docId,
      doc.snapshot,
      doc.version,
    ]);
    await put('document_history', history.map((h) => ({ ...h, document_id: docId, seq: h.seq + 1000 })));
    await put('recipients', recipients.map((r) => ({ ...r, document_id: docId })));
    await put('session_reports', sessionReports.map((r) => ({ ...r, document_id: docId })));
    await put('incoming_items', items.map((i) => ({ ...i, id: itemIds.get(i.id), source_document_id: docId })));
    await put('incoming_history', itemHistory.map((h) => ({ ...h, incoming_id: itemIds.get(h.incoming_id) })));
    await put('deadlines', deadlines.map((d) => ({ ...d, id: deadlineIds.get(d.id), document_id: d.document_id ? docId : null, incoming_id: d.incoming_id ? itemIds.get(d.incoming_id) : null })));
    await put('deadline_steps', steps.map((s) => ({ ...s, id: stepIds.get(s.id), deadline_id: deadlineIds.get(s.deadline_id) })));
    await put('outbox', steps.map((s) => ({ queue: 'deadlines', job_name: 'deadline-step', job_id: stepIds.get(s.id), payload: { stepId: stepIds.get(s.id) }, run_at: s.run_at, created_at: new Date() })).map((o, k) => ({ id: String(10_000_000 + n * 10_000 + k), ...o })));
    await put('notifications', notifications.map((x) => ({ ...x, id: randomUUID(), document_id: docId, dedupe_key: `${randomUUID()}:${x.username}` })));
    await put('file_chunks', chunks.map((c, k) => ({ sha256: chunkShas[k], data: `\\x${Buffer.from(c.data).toString('hex')}` })));
    await put('file_blobs', [{ sha256: sha, size: pdf.size, chunks: chunkShas, created_at: new Date() }]);
    await put('document_pdfs', [{ document_id: docId, stage: 'disseminated', blob_sha256: sha, created_at: new Date() }]);
    await sql.query('COMMIT');
    if (n >= 3) times.push(performance.now() - t);
  }
  return times;
}
