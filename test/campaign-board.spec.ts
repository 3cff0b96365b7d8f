import { readEventNames } from '../apps/web/src/sse';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { QUICK_DEADLINES, sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * Per-session reports and the campaign board (SPEC §8, issue 15): the
 * Ministry's plan asks both Sở for a báo cáo nhanh after each session; Hà
 * Nội reports the first in time, Đắk Lắk late (reminded, its Giám đốc
 * escalated to); the board's cells follow, pushed to an open board; a
 * leader reminds the late ones in one click; the two Sở's last reports
 * make the plan reported. The worker runs in the process; the first
 * session's reports are due seconds after the test starts.
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp(QUICK_DEADLINES, { extra: [WorkerModule] });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const HOUR = 3_600_000;
const notes = async (user: string, documentId: string) =>
  ((await c.as(user).get('/api/notifications')).body as any[]).filter((n) => n.documentId === documentId);

/** An open board stream: the event names received so far. */
async function openBoard(campaignId: string, user: string) {
  const controller = new AbortController();
  const res = await fetch(`${h.base}/api/campaigns/${campaignId}/board/stream`, {
    headers: { authorization: `Bearer ${c.token(user)}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const events: string[] = [];
  void readEventNames(res.body!, (e) => events.push(e)).catch(() => undefined);
  await waitFor(async () => events.includes('ready'), 5_000, 'ready');
  return { events, close: () => controller.abort() };
}

describe('báo cáo nhanh after each session, and the board', () => {
  let campaign: any;
  let plan: any;
  beforeAll(async () => {
    // S1 ended an hour ago but for 8 s: its reports (due an hour after it ends) are due in 8 s. S2 is tomorrow.
    const start = Date.now();
    const s1End = start - HOUR + 8_000;
    const s2Start = start + 24 * HOUR;
    campaign = expectOk(
      await c.as('son.nk').post('/api/campaigns', {
        code: 'SIM-BAO-CAO',
        name: 'Kỳ thi thử',
        year: 2026,
        sessions: [
          { code: 'S1', name: 'Ngữ văn', startsAt: new Date(s1End - 2 * HOUR).toISOString(), endsAt: new Date(s1End).toISOString() },
          { code: 'S2', name: 'Toán', startsAt: new Date(s2Start).toISOString(), endsAt: new Date(s2Start + 90 * 60_000).toISOString() },
        ],
      }),
    ).body;
    plan = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch thông tin về kỳ thi', campaignId: campaign.id })).body;
    expectOk(await c.as('an.nv').event(plan.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(plan.id, { type: 'GIVE_OPINION', agree: true }));
    expectOk(await c.as('an.nv').event(plan.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    expectOk(await c.as('thuong.pn').event(plan.id, { type: 'SIGN' }));
  });

  it('refuses per-session reports for a document of no campaign, and malformed hours', async () => {
    const other = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn ngoài kỳ thi' })).body;
    expectOk(await c.as('an.nv').event(other.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    expectOk(await c.as('thuong.pn').event(other.id, { type: 'SIGN' }));
    const r = await c.as('khanh.vt').event(other.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }], sessionReports: { hours: 2 } });
    expect(r.status).toBe(400);
    expect(r.body.message).toEqual(['sessionReports: văn bản không thuộc kỳ thi nào (campaignId), không có buổi thi để báo cáo']);
    const bad = await c.as('khanh.vt').event(plan.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }], sessionReports: { hours: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['sessionReports.hours must not be less than 1']);
    expect((await c.as('an.nv').get(`/api/documents/${plan.id}`)).body.state).toBe('signed');
  });

  it('DISSEMINATE with sessionReports: each Sở owes one report per session, each its own deadline, and sees them as tasks', async () => {
    const r = expectOk(
      await c.as('khanh.vt').event(plan.id, {
        type: 'DISSEMINATE',
        recipients: [
          { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
          { agencyCode: 'SGDĐT-HN', purpose: 'implement' },
          { unitCode: 'VP', purpose: 'archive' },
        ],
        sessionReports: { hours: 1 },
      }),
    );
    expect(r.body).toMatchObject({ state: 'disseminated', reportDeadline: null, sessionReports: { hours: 1 } });
    const dl = r.body.recipients[0];
    expect(dl.report).toMatchObject({ status: 'pending' });
    expect(dl.sessionReports.map((s: any) => [s.session, s.status])).toEqual([['S1', 'pending'], ['S2', 'pending']]);
    expect(r.body.recipients[2].sessionReports).toBeUndefined();
    const deadlines = await h.sql(`SELECT session_code AS session, kind FROM deadlines WHERE document_id = $1 AND resolved_at IS NULL ORDER BY due_at`, [plan.id]);
    expect(deadlines).toEqual([{ session: 'S1', kind: 'report' }, { session: 'S2', kind: 'report' }]);
    const steps = await h.sql(
      `SELECT s.id FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id WHERE d.document_id = $1 AND d.resolved_at IS NULL ORDER BY s.id`,
      [plan.id],
    );
    expect(steps.map((s) => s.id.slice(plan.id.length))).toEqual([
      '.6.report-S1.escalate',
      '.6.report-S1.remind_before',
      '.6.report-S1.remind_due',
      '.6.report-S2.escalate',
      '.6.report-S2.remind_before',
      '.6.report-S2.remind_due',
    ]);
    const tasks = ((await c.as('vt.hn').get('/api/tasks')).body as any[]).filter((t) => t.documentId === plan.id && t.kind === 'report');
    expect(tasks.map((t) => [t.session, t.deadline])).toEqual([
      ['S1', dl.sessionReports[0].dueAt],
      ['S2', dl.sessionReports[1].dueAt],
    ]);
    // Offered to the Sở (the web app shows its button by this).
    expect((await c.as('cv.hn').get(`/api/documents/${plan.id}`)).body.availableEvents).toContain('SUBMIT_REPORT');
    // The clerk also has the plan to register as it arrived (văn bản đến).
    expect(((await c.as('vt.hn').get('/api/tasks')).body as any[]).some((t) => t.documentId === plan.id && t.kind === 'incoming_register')).toBe(true);
  });

  it('a report names its session; without one, the caller is told which are owed', async () => {
    const none = await c.as('cv.hn').event(plan.id, { type: 'SUBMIT_REPORT', content: 'Báo cáo' });
    expect(none.status).toBe(400);
    expect(none.body.message).toEqual(['session: bắt buộc — còn báo cáo nhanh của buổi thi S1, S2']);
    const unknown = await c.as('cv.hn').event(plan.id, { type: 'SUBMIT_REPORT', content: 'Báo cáo', session: 'S9' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['session: văn bản không yêu cầu báo cáo buổi thi "S9"']);
    const ok = expectOk(await c.as('cv.hn').event(plan.id, { type: 'SUBMIT_REPORT', content: 'Buổi Ngữ văn: 12.000 thí sinh dự thi, không có sự cố.', session: 'S1' }));
    const hn = ok.body.recipients[1];
    expect(hn.sessionReports[0]).toMatchObject({ session: 'S1', status: 'submitted', submittedBy: 'cv.hn', content: 'Buổi Ngữ văn: 12.000 thí sinh dự thi, không có sự cố.' });
    expect(hn.report.status).toBe('pending'); // S2 still owed
    const again = await c.as('cv.hn').event(plan.id, { type: 'SUBMIT_REPORT', content: 'Lần hai', session: 'S1' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Không còn báo cáo buổi thi S1 phải nộp; còn: S2');
  });

  it('Đắk Lắk is late for S1: reminded, its Giám đốc escalated to; the board shows it late, filtered and in CSV, and pushes what changes', async () => {
    const escalation = await waitFor(async () => (await notes('gd.dl', plan.id)).find((n) => n.kind === 'escalation'), 20_000, 'escalation');
    expect(escalation.message).toMatch(/^Quá hạn \(giai đoạn báo cáo nhanh buổi thi Ngữ văn\)/);
    expect(escalation.message).toContain('Sở Giáo dục và Đào tạo Đắk Lắk');
    expect((await notes('gd.hn', plan.id)).filter((n) => n.kind === 'escalation')).toHaveLength(0);
    const reminders = (await notes('vt.dl', plan.id)).filter((n) => n.kind === 'reminder');
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(reminders.every((n) => n.message.includes('gửi báo cáo nhanh sau buổi thi Ngữ văn'))).toBe(true);
    expect((await notes('vt.hn', plan.id)).filter((n) => n.kind === 'reminder' && n.message.includes('Ngữ văn'))).toHaveLength(0);

    const board = expectOk(await c.as('thuong.pn').get(`/api/campaigns/${campaign.id}/board`)).body;
    expect(board.campaign.code).toBe('SIM-BAO-CAO');
    const doc = board.documents.find((d: any) => d.id === plan.id);
    expect(doc.columns).toEqual(['S1', 'S2']);
    expect(doc.rows.map((r: any) => [r.name, r.cells.S1.status, r.cells.S2.status])).toEqual([
      ['Sở Giáo dục và Đào tạo Đắk Lắk', 'late', 'pending'],
      ['Sở Giáo dục và Đào tạo Hà Nội', 'submitted', 'pending'],
    ]);
    expect(doc.countsByColumn.S1).toEqual({ submitted: 1, pending: 0, late: 1, missing: 0 });
    expect(doc.countsByColumn.S2).toEqual({ submitted: 0, pending: 2, late: 0, missing: 0 });
    expect(doc.rows[0].counts).toEqual({ submitted: 0, pending: 1, late: 1, missing: 0 });
    expect(board.counts).toEqual({ submitted: 1, pending: 2, late: 1, missing: 0 });
    // Across the campaign's documents: per session and per province.
    expect(board.countsBySession.S1).toEqual({ submitted: 1, pending: 0, late: 1, missing: 0 });
    expect(board.countsByAgency['SGDĐT-DL']).toEqual({ submitted: 0, pending: 1, late: 1, missing: 0 });
    expect(board.countsByAgency['SGDĐT-HN']).toEqual({ submitted: 1, pending: 1, late: 0, missing: 0 });

    const late = expectOk(await c.as('thuong.pn').get(`/api/campaigns/${campaign.id}/board?late=true`)).body;
    expect(late.documents.find((d: any) => d.id === plan.id).rows.map((r: any) => r.agencyCode)).toEqual(['SGDĐT-DL']);
    const csv = await fetch(`${h.base}/api/campaigns/${campaign.id}/board?format=csv`, { headers: { authorization: `Bearer ${c.token('thuong.pn')}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8'); // text() would drop the BOM
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Sở Giáo dục và Đào tạo Đắk Lắk,Ngữ văn,Quá hạn,');
    expect(text).toContain('Sở Giáo dục và Đào tạo Hà Nội,Ngữ văn,Đã báo cáo,');
    expect(text.trim().split('\r\n')).toHaveLength(5);
    // A Sở reads the board of a plan sent to it; a stranger to the campaign's documents sees none of them.
    expect((await c.as('gd.dl').get(`/api/campaigns/${campaign.id}/board`)).body.documents.map((d: any) => d.id)).toContain(plan.id);
    expect((await c.as('giang.tt').get(`/api/campaigns/${campaign.id}/board`)).body.documents).toEqual([]);
    expect((await c.as('giang.tt').get(`/api/campaigns/00000000-0000-4000-8000-000000000000/board`)).status).toBe(404);

    // Đắk Lắk sends it late: an open board is told, and shows it submitted, late.
    const stream = await openBoard(campaign.id, 'thuong.pn');
    try {
      expectOk(await c.as('kt.dl').event(plan.id, { type: 'SUBMIT_REPORT', content: 'Buổi Ngữ văn: báo cáo muộn do mất điện.', session: 'S1' }));
      await waitFor(async () => stream.events.includes('board'), 5_000, 'the board pushed');
    } finally {
      stream.close();
    }
    const after = expectOk(await c.as('thuong.pn').get(`/api/campaigns/${campaign.id}/board`)).body.documents.find((d: any) => d.id === plan.id);
    expect(after.rows[0].cells.S1).toMatchObject({ status: 'submitted', submittedLate: true });
    // Every report of S1 is in: its deadline is closed (nobody is reminded of it again); S2's stays open.
    const open = await h.sql(`SELECT session_code AS s FROM deadlines WHERE document_id = $1 AND resolved_at IS NULL ORDER BY 1`, [plan.id]);
    expect(open.map((r) => r.s)).toEqual(['S2']);
    expect((await c.as('thuong.pn').get('/api/campaigns/00000000-0000-4000-8000-000000000000/board/stream')).status).toBe(404);
  });

  it('a leader reminds every late province in one click: recorded once per click; an officer may not', async () => {
    // S2 moved to the past so that both Sở are late for it.
    const s2End = Date.now() - HOUR - 1_000;
    const moved = expectOk(
      await c.as('son.nk').patch(`/api/campaigns/${campaign.id}`, {
        sessions: [{ code: 'S2', startsAt: new Date(s2End - 90 * 60_000).toISOString(), endsAt: new Date(s2End).toISOString() }],
      }),
    ).body;
    expect(moved.moved.map((m: any) => m.field)).toEqual(['sessionReports.S2']);
    const entry = ((await c.as('an.nv').get(`/api/documents/${plan.id}/history`)).body as any[]).at(-1);
    expect(entry).toMatchObject({ event: 'DEADLINE_MOVED', payload: { field: 'sessionReports', session: 'S2', to: new Date(s2End + HOUR).toISOString() } });
    const rows = await h.sql(`SELECT DISTINCT due_at AS "dueAt" FROM session_reports WHERE document_id = $1 AND session_code = 'S2'`, [plan.id]);
    expect(rows.map((r) => new Date(r.dueAt).toISOString())).toEqual([new Date(s2End + HOUR).toISOString()]);

    expect((await c.as('an.nv').post(`/api/campaigns/${campaign.id}/board/remind`, {})).status).toBe(403);
    const requestId = '6f1c2a3e-8a4b-4c0e-9f43-2b8e0d6a9c11';
    const r = expectOk(await c.as('thuong.pn').post(`/api/campaigns/${campaign.id}/board/remind`, { requestId }));
    expect(r.body).toMatchObject({ requestId, late: 2 });
    expect(r.body.reminded).toBeGreaterThanOrEqual(2);
    const clicked = (n: any) => n.kind === 'reminder' && n.message.startsWith('Lãnh đạo nhắc:') && n.message.includes('báo cáo nhanh buổi thi Toán');
    expect((await notes('vt.dl', plan.id)).filter(clicked)).toHaveLength(1);
    expect((await notes('vt.hn', plan.id)).filter(clicked)).toHaveLength(1);
    // The same click again (a double submit): nobody is told twice, nothing more recorded.
    expect(expectOk(await c.as('thuong.pn').post(`/api/campaigns/${campaign.id}/board/remind`, { requestId })).body.reminded).toBe(0);
    expect((await notes('vt.dl', plan.id)).filter(clicked)).toHaveLength(1);
    const audit = (await c.as('admin').get('/api/audit?action=campaign.remind')).body;
    expect((audit.items ?? audit).filter((a: any) => a.detail?.requestId === requestId)).toHaveLength(1);
    // A Sở's Giám đốc issued none of these documents: his click reminds nobody (and is recorded as such).
    const his = expectOk(await c.as('gd.dl').post(`/api/campaigns/${campaign.id}/board/remind`, {})).body;
    expect(his.reminded).toBe(0);
    const all = (await c.as('admin').get('/api/audit?action=campaign.remind')).body;
    expect((all.items ?? all).filter((a: any) => a.detail?.requestId === his.requestId).map((a: any) => [a.actor, a.detail.reminded])).toEqual([['gd.dl', 0]]);
  });

  it('the last reports come from each Sở’s incoming item — a progress update in Hà Nội, the completion in Đắk Lắk — and make the plan reported', async () => {
    const itemOf = async (clerk: string) => ((await c.as(clerk).get('/api/incoming')).body as any[]).find((i) => i.sourceDocumentId === plan.id);
    const hn = await itemOf('vt.hn');
    const dl = await itemOf('vt.dl');
    expectOk(await c.as('vt.hn').post(`/api/incoming/${hn.id}/events`, { type: 'REGISTER' }));
    expectOk(await c.as('gd.hn').post(`/api/incoming/${hn.id}/events`, { type: 'ASSIGN', lead: 'QLCL' }));
    expectOk(await c.as('vt.dl').post(`/api/incoming/${dl.id}/events`, { type: 'REGISTER' }));
    expectOk(await c.as('gd.dl').post(`/api/incoming/${dl.id}/events`, { type: 'ASSIGN', lead: 'KT' }));
    // A report without its session, or a session without its report, is refused in words.
    const half = await c.as('cv.hn').post(`/api/incoming/${hn.id}/events`, { type: 'UPDATE', comment: 'Đã tổng hợp', session: 'S2' });
    expect(half.status).toBe(400);
    expect(half.body.message).toEqual(['report, session: báo cáo nhanh cần cả nội dung (report) và buổi thi (session)']);
    // Hà Nội: a progress update carries the báo cáo nhanh of S2; the item stays open.
    const updated = expectOk(
      await c.as('cv.hn').post(`/api/incoming/${hn.id}/events`, { type: 'UPDATE', comment: 'Đã tổng hợp từ các điểm thi', report: 'Buổi Toán: an toàn.', session: 'S2' }),
    ).body;
    expect(updated.state).not.toBe('done');
    const mid = (await c.as('an.nv').get(`/api/documents/${plan.id}`)).body;
    expect(mid.recipients[1].sessionReports[1]).toMatchObject({ session: 'S2', status: 'submitted', submittedBy: 'cv.hn' });
    // Đắk Lắk: the completion of its item names the session of its last report.
    const completed = expectOk(
      await c.as('kt.dl').post(`/api/incoming/${dl.id}/events`, { type: 'COMPLETE', summary: 'Đã báo cáo đủ các buổi', report: 'Buổi Toán: an toàn.', session: 'S2' }),
    ).body;
    expect(completed.state).toBe('done');
    const done = { body: (await c.as('an.nv').get(`/api/documents/${plan.id}`)).body };
    expect(done.body.state).toBe('reported');
    expect(done.body.recipients.slice(0, 2).map((r: any) => r.report.status)).toEqual(['submitted', 'submitted']);
    await sleep(100);
    const board = expectOk(await c.as('thuong.pn').get(`/api/campaigns/${campaign.id}/board`)).body;
    expect(board.documents.find((d: any) => d.id === plan.id).counts).toEqual({ submitted: 4, pending: 0, late: 0, missing: 0 });
    expect(await h.sql(`SELECT 1 FROM deadlines WHERE document_id = $1 AND resolved_at IS NULL`, [plan.id])).toEqual([]);
  });
});
