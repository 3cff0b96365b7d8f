import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { DeadlineMover, DeadlineRunner } from '../libs/documents/src';
import { QUICK_DEADLINES, sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { PASSWORD, expectOk, seedOrg } from './support/org';

/**
 * Deadlines anchored to the exam (SPEC §8, issue 15): given against the
 * campaign's sessions, resolved on the working calendar, and moved — with
 * their reminders and escalations — when a session moves. The worker runs in
 * the process with seconds-long reminder and escalation spans.
 */
let h: Harness;
let c: ApiClient;
const EXAM = JSON.parse(readFileSync(resolve(__dirname, '../examples/campaign-thpt-2027.json'), 'utf8'));
const at = (local: string) => new Date(`${local}+07:00`).toISOString();
const endOf = (day: string) => at(`${day}T23:59:59.999`);

beforeAll(async () => {
  h = await startApp(QUICK_DEADLINES, { extra: [WorkerModule] });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const history = async (id: string) => (await c.as('an.nv').get(`/api/documents/${id}/history`)).body as any[];
const steps = (documentId: string) =>
  h.sql(
    `SELECT s.id, s.step, s.run_at AS "runAt", s.moves, s.done_at AS "doneAt", s.outcome, d.due_at AS "dueAt"
       FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id
      WHERE d.document_id = $1 AND d.resolved_at IS NULL ORDER BY s.run_at, s.id`,
    [documentId],
  );
const notes = async (user: string, documentId: string) =>
  ((await c.as(user).get('/api/notifications')).body as any[]).filter((n) => n.documentId === documentId);

async function withQueue<T>(f: (q: import('bullmq').Queue) => Promise<T>): Promise<T> {
  const { Queue } = await import('bullmq');
  const q = new Queue('deadlines', { connection: { url: h.config.redisUrl! }, prefix: h.config.queuePrefix });
  try {
    return await f(q);
  } finally {
    await q.close();
  }
}

describe('deadlines anchored to the 2027 exam', () => {
  let campaign: any;
  let consulting: any;
  let signing: any;
  let proposed: any;
  let over: any;

  beforeAll(async () => {
    campaign = (await c.as('son.nk').post('/api/campaigns', EXAM)).body;
    expect(campaign.id).toBeDefined();
  });

  it('a deadline given as 20 working days before the first session resolves on the calendar, and the document says how it was given', async () => {
    consulting = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch tổ chức thi 2027', campaignId: campaign.id })).body;
    const anchor = { anchor: 'firstSession', workingDays: -20 };
    const r = expectOk(await c.as('an.nv').event(consulting.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'GDTrH'], deadline: anchor }));
    // Ngữ văn starts on Friday 11/6/2027: twenty working days back is Friday 14/5.
    expect(r.body.consultationDeadline).toBe(endOf('2027-05-14'));
    expect(r.body.anchors).toEqual({ consultationDeadline: anchor });
    const entry = (await history(consulting.id)).at(-1);
    expect(entry.payload).toMatchObject({ deadline: endOf('2027-05-14'), anchors: { consultationDeadline: anchor } });
    const [dl] = await h.sql(`SELECT due_at AS "dueAt" FROM deadlines WHERE document_id = $1 AND resolved_at IS NULL`, [consulting.id]);
    expect(new Date(dl.dueAt).toISOString()).toBe(endOf('2027-05-14'));
  });

  it('every deadline of the lifecycle takes an anchor: the signature’s, the proposed report deadline, the dissemination’s', async () => {
    signing = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn về đề thi Toán', campaignId: campaign.id })).body;
    const r = expectOk(
      await c.as('an.nv').event(signing.id, {
        type: 'SUBMIT_FOR_SIGNATURE',
        signer: 'thuong.pn',
        signingAuthority: 'KT',
        deadline: { anchor: 'session:TOAN', hours: -72 },
        recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }],
        reportDeadline: { anchor: 'lastSession', workingDays: 2 },
      }),
    );
    expect(r.body.signatureDeadline).toBe(at('2027-06-08T14:20:00'));
    // The combined tests end on Saturday 12/6 at 16:50: two working days on is the end of Tuesday 15/6.
    expect(r.body.proposedReportDeadline).toBe(endOf('2027-06-15'));
    expect(r.body.anchors).toEqual({
      signatureDeadline: { anchor: 'session:TOAN', hours: -72 },
      proposedReportDeadline: { anchor: 'lastSession', workingDays: 2 },
    });

    // Proposed in the draft, by PATCH; and a document whose anchored stage is over keeps its moment.
    proposed = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch báo cáo nhanh', campaignId: campaign.id })).body;
    const p = expectOk(
      await c.as('an.nv').patch(`/api/documents/${proposed.id}`, {
        recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }],
        reportDeadline: { anchor: 'session:NGU-VAN', hours: 4 },
      }),
    );
    expect(p.body.proposedReportDeadline).toBe(at('2027-06-11T13:35:00'));
    expect(p.body.anchors).toEqual({ proposedReportDeadline: { anchor: 'session:NGU-VAN', hours: 4 } });

    over = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch đã qua lấy ý kiến', campaignId: campaign.id })).body;
    expectOk(await c.as('an.nv').event(over.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], deadline: { anchor: 'firstSession', workingDays: -10 } }));
    expectOk(await c.as('hai.nt').event(over.id, { type: 'GIVE_OPINION', agree: true }));
    const signed = expectOk(await c.as('an.nv').event(over.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null }));
    // The signature deadline came by urgency: the consultation's anchor stays (it tells how that was given).
    expect(signed.body.anchors).toEqual({ consultationDeadline: { anchor: 'firstSession', workingDays: -10 } });
  });

  it('refuses an anchor without a campaign, to a session it does not have, malformed, or already past', async () => {
    const plain = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch ngoài kỳ thi' })).body;
    const anchored = { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], deadline: { anchor: 'firstSession', workingDays: -20 } };
    const none = await c.as('an.nv').event(plain.id, anchored);
    expect(none.status).toBe(400);
    expect(none.body.message).toEqual([expect.stringContaining('deadline: văn bản không thuộc kỳ thi nào')]);
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch thử', campaignId: campaign.id })).body;
    const missing = await c.as('an.nv').event(d.id, { ...anchored, deadline: { anchor: 'session:LICH-SU', hours: 2 } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(['deadline.anchor: kỳ thi không có buổi thi "LICH-SU"']);
    const bad = await c.as('an.nv').event(d.id, { ...anchored, deadline: { anchor: 'firstSession', workingDays: -20, hours: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['deadline: cho một trong workingDays hoặc hours, không cả hai']);
    const text = await c.as('an.nv').event(d.id, { ...anchored, deadline: 'mai' });
    expect(text.status).toBe(400);
    expect(text.body.message[0]).toMatch(/^deadline must be an ISO 8601 date/);
    const past = await c.as('an.nv').event(d.id, { ...anchored, deadline: { anchor: 'firstSession', workingDays: -300 } });
    expect(past.status).toBe(400);
    expect(past.body.message[0]).toMatch(/^deadline: thời hạn 300 ngày làm việc trước buổi thi đầu tiên \(.*\) đã qua$/);
    // Nothing was written: still a draft at version 1.
    expect((await c.as('an.nv').get(`/api/documents/${d.id}`)).body).toMatchObject({ state: 'draft', version: 1, anchors: {} });
  });

  it('the exam moved by two days moves every open anchored deadline: a history entry each, steps and jobs rescheduled, those who owe it told', async () => {
    const before = await steps(consulting.id);
    expect(before.map((s) => [s.step, s.moves])).toEqual([['remind_before', 0], ['expire', 0]]);
    const version = (await c.as('an.nv').get(`/api/documents/${consulting.id}`)).body.version;
    const r = expectOk(
      await c.as('thuong.pn').patch(`/api/campaigns/${campaign.id}`, {
        sessions: EXAM.sessions.map((s: any) => ({
          code: s.code,
          startsAt: new Date(new Date(s.startsAt).getTime() + 2 * 86_400_000).toISOString(),
          endsAt: new Date(new Date(s.endsAt).getTime() + 2 * 86_400_000).toISOString(),
        })),
      }),
    );
    // Ngữ văn now on Sunday 13/6: twenty working days back is Monday 17/5.
    const moved = new Map<string, any>(r.body.moved.map((m: any) => [`${m.documentId}:${m.field}`, m]));
    expect(moved.get(`${consulting.id}:consultationDeadline`)).toEqual({
      documentId: consulting.id,
      field: 'consultationDeadline',
      from: endOf('2027-05-14'),
      to: endOf('2027-05-17'),
    });
    expect(moved.get(`${signing.id}:signatureDeadline`)?.to).toBe(at('2027-06-10T14:20:00'));
    // Not owed yet, but moved so that the dissemination finds it right: Tổ hợp ends on Monday 14/6, two working days on.
    expect(moved.get(`${signing.id}:proposedReportDeadline`)?.to).toBe(endOf('2027-06-16'));
    expect(moved.get(`${proposed.id}:proposedReportDeadline`)?.to).toBe(at('2027-06-13T13:35:00'));
    // Its consultation is over: what it was stays as it was.
    expect([...moved.keys()].filter((k) => k.startsWith(over.id))).toEqual([]);
    expect(moved.size).toBe(4);

    const doc = (await c.as('an.nv').get(`/api/documents/${consulting.id}`)).body;
    expect(doc).toMatchObject({ state: 'consulting', version: version + 1, consultationDeadline: endOf('2027-05-17') });
    const entry = (await history(consulting.id)).at(-1);
    expect(entry).toMatchObject({
      event: 'DEADLINE_MOVED',
      from: 'consulting',
      to: 'consulting',
      actor: 'system',
      payload: { field: 'consultationDeadline', session: 'NGU-VAN', from: endOf('2027-05-14'), to: endOf('2027-05-17') },
    });
    expect((await c.as('an.nv').get(`/api/documents/${consulting.id}/history/verify`)).body).toEqual({ valid: true, length: version + 1 });

    // The steps moved with it, each counting its move; their jobs are the moved ones, in Redis.
    const after = await steps(consulting.id);
    expect(after.map((s) => [s.id, s.moves])).toEqual(before.map((s) => [s.id, 1]));
    expect(new Date(after[1].runAt).toISOString()).toBe(endOf('2027-05-17'));
    expect(new Date(after[0].runAt).getTime()).toBe(new Date(endOf('2027-05-17')).getTime() - 2000);
    await waitFor(async () => (await h.sql(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0, 5000, 'outbox relayed');
    await withQueue(async (q) => {
      for (const s of after) expect(await q.getJobState(`${s.id}.m1`)).toBe('delayed');
      // The job of before the move is still there; it will find its step moved on (superseded) and do nothing.
      expect(await q.getJobState(after[0].id)).toBe('delayed');
    });
    const runner = h.app.get(DeadlineRunner);
    expect(await runner.fire(after[0].id)).toBe('superseded');
    expect((await steps(consulting.id))[0].doneAt).toBeNull();

    // The consulted units (their heads answer for them) hear of the new deadline, once; the drafter owes nothing here.
    for (const user of ['hai.nt', 'dung.lt']) {
      const told = (await notes(user, consulting.id)).filter((n) => n.kind === 'info' && n.message.includes('dời từ'));
      expect(told).toHaveLength(1);
      expect(told[0].message).toContain('dời từ 14/05/2027 23:59 sang 17/05/2027 23:59 (20 ngày làm việc trước buổi thi đầu tiên; lịch thi thay đổi)');
    }
    expect((await notes('an.nv', consulting.id)).filter((n) => n.message.includes('dời từ'))).toHaveLength(0);
    // The signer of the other is told of hers.
    expect((await notes('thuong.pn', signing.id)).filter((n) => n.message.includes('dời từ 08/06/2027 14:20 sang 10/06/2027 14:20'))).toHaveLength(1);
    expect((await c.as('an.nv').get(`/api/documents/${proposed.id}`)).body.proposedReportDeadline).toBe(at('2027-06-13T13:35:00'));
    const campaignRow = (await h.sql(`SELECT version, moved_version AS "movedVersion" FROM campaigns WHERE id = $1`, [campaign.id]))[0];
    expect(campaignRow.movedVersion).toBe(campaignRow.version);

    // Moved again to where it already is: nothing moves, nothing is written.
    expect(await h.app.get(DeadlineMover).moveCampaign(campaign.id)).toEqual([]);
    expect((await c.as('an.nv').get(`/api/documents/${consulting.id}`)).body.version).toBe(version + 1);
  });

  it('renaming a session moves nothing; the dissemination keeps the proposed deadline anchored', async () => {
    const r = expectOk(await c.as('thuong.pn').patch(`/api/campaigns/${campaign.id}`, { sessions: [{ code: 'TOAN', name: 'Toán học' }] }));
    expect(r.body.moved).toEqual([]);
    expectOk(await c.as('thuong.pn').event(signing.id, { type: 'SIGN' }));
    const d = expectOk(await c.as('khanh.vt').event(signing.id, { type: 'DISSEMINATE' }));
    expect(d.body.reportDeadline).toBe(endOf('2027-06-16'));
    expect(d.body.anchors.reportDeadline).toEqual({ anchor: 'lastSession', workingDays: 2 });
  });

  it('an incoming item’s processing deadline, given against the exam, moves with it too; a hand-entered one has no campaign to go by', async () => {
    const item = ((await c.as('vt.dl').get('/api/incoming')).body as any[]).find((i) => i.sourceDocumentId === signing.id);
    expectOk(await c.as('vt.dl').post(`/api/incoming/${item.id}/events`, { type: 'REGISTER' }));
    // Ngữ văn is on Sunday 13/6 now: two working days before it is Thursday 10/6.
    const assigned = expectOk(
      await c.as('gd.dl').post(`/api/incoming/${item.id}/events`, { type: 'ASSIGN', lead: 'KT', deadline: { anchor: 'firstSession', workingDays: -2 } }),
    ).body;
    expect(assigned.assignment.deadline).toBe(endOf('2027-06-10'));
    expect(assigned.anchors).toEqual({ deadline: { anchor: 'firstSession', workingDays: -2 } });
    // The unit leader's step (a new Trưởng phòng of KT), by the timetable too: three working days before, Wednesday 9/6.
    expectOk(
      await c.as('admin').put('/api/org', {
        agencies: [],
        units: [],
        users: [{ username: 'tp.dl', password: PASSWORD, fullName: 'Lê Thị Phòng', agencyCode: 'SGDĐT-DL', unitCode: 'KT', position: 'unit_head', title: 'Trưởng phòng' }],
      }),
    );
    await c.login('tp.dl', PASSWORD);
    const given = expectOk(
      await c.as('tp.dl').post(`/api/incoming/${item.id}/events`, { type: 'UPDATE', comment: 'Giao đồng chí Khảo thí', handler: 'kt.dl', handlerDeadline: { anchor: 'firstSession', workingDays: -3 } }),
    ).body;
    expect(given.handler.deadline).toBe(endOf('2027-06-09'));
    expect(given.anchors).toEqual({ deadline: { anchor: 'firstSession', workingDays: -2 }, handlerDeadline: { anchor: 'firstSession', workingDays: -3 } });
    // The exam back on its days: Thursday 10/6 becomes Wednesday 9/6.
    const r = expectOk(await c.as('thuong.pn').patch(`/api/campaigns/${campaign.id}`, { sessions: EXAM.sessions.map((x: any) => ({ code: x.code, startsAt: x.startsAt, endsAt: x.endsAt })) }));
    expect(r.body.moved.find((m: any) => m.incomingId === item.id)).toEqual({ incomingId: item.id, field: 'deadline', from: endOf('2027-06-10'), to: endOf('2027-06-09') });
    expect(r.body.moved.find((m: any) => m.incomingId === item.id && m.field === 'handlerDeadline')).toMatchObject({ from: endOf('2027-06-09'), to: endOf('2027-06-08') });
    const now = (await c.as('gd.dl').get(`/api/incoming/${item.id}`)).body;
    expect(now.assignment.deadline).toBe(endOf('2027-06-09'));
    expect(now.handler.deadline).toBe(endOf('2027-06-08'));
    const history = (await c.as('gd.dl').get(`/api/incoming/${item.id}/history`)).body as any[];
    expect(history.slice(-2)).toMatchObject([
      { event: 'DEADLINE_MOVED', actor: 'system', payload: { field: 'deadline', session: 'NGU-VAN', from: endOf('2027-06-10'), to: endOf('2027-06-09') } },
      { event: 'DEADLINE_MOVED', actor: 'system', payload: { field: 'handlerDeadline', from: endOf('2027-06-09'), to: endOf('2027-06-08') } },
    ]);
    expect((await c.as('gd.dl').get(`/api/incoming/${item.id}/history/verify`)).body.valid).toBe(true);
    const [dl] = await h.sql(`SELECT due_at AS "dueAt" FROM deadlines WHERE incoming_id = $1 AND kind = 'processing' AND resolved_at IS NULL`, [item.id]);
    expect(new Date(dl.dueAt).toISOString()).toBe(endOf('2027-06-09'));
    // The lead unit (its head now) and the person given it are told: kt.dl of both, as the handler and as KT.
    const told = ((await c.as('kt.dl').get('/api/notifications')).body as any[]).filter((n) => n.incomingId === item.id && n.message.includes('dời từ'));
    expect(told.map((n) => n.message).sort()).toEqual([
      expect.stringMatching(/^Hạn giải quyết văn bản đến «.*Công văn về đề thi Toán» dời từ 09\/06\/2027 23:59 sang 08\/06\/2027 23:59/),
      expect.stringMatching(/^Hạn giải quyết văn bản đến «.*Công văn về đề thi Toán» dời từ 10\/06\/2027 23:59 sang 09\/06\/2027 23:59/),
    ]);

    // A letter entered by hand belongs to no campaign.
    const paper = expectOk(
      await c.as('vt.dl').post('/api/incoming', { sender: 'UBND tỉnh Đắk Lắk', number: '15/UBND-VX', issuedAt: '2026-11-20', type: 'CV', title: 'V/v phối hợp tổ chức thi' }),
    ).body;
    expectOk(await c.as('vt.dl').post(`/api/incoming/${paper.id}/events`, { type: 'REGISTER' }));
    const refused = await c.as('gd.dl').post(`/api/incoming/${paper.id}/events`, { type: 'ASSIGN', lead: 'KT', deadline: { anchor: 'firstSession', workingDays: -2 } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual([expect.stringContaining('deadline: văn bản không thuộc kỳ thi nào')]);
  });
});

describe('reminders of a moved deadline, fired by the worker', () => {
  /** A campaign whose one session starts `startsInMs` from now (an hour long). */
  async function soon(code: string, startsInMs: number) {
    const start = Date.now() + startsInMs;
    const r = await c.as('admin').post('/api/campaigns', {
      code,
      name: `Thử ${code}`,
      year: 2026,
      sessions: [{ code: 'S1', name: 'Buổi 1', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() }],
    });
    expect(r.status).toBe(201);
    return { id: r.body.id as string, start };
  }
  const moveTo = (id: string, start: number) =>
    c.as('admin').patch(`/api/campaigns/${id}`, { sessions: [{ code: 'S1', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() }] });

  /** A letter awaiting thuong.pn's signature, due an hour before the session starts. */
  async function awaiting(campaignId: string, title: string) {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title, campaignId })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: { anchor: 'firstSession', hours: -1 } }));
    return d;
  }

  it('moved later after the first reminder: that one stays sent, the others come at the new times, nothing twice', async () => {
    const camp = await soon('SIM-LATER', 3_600_000 + 5_000); // due in 5 s; the reminder before in 3 s
    const d = await awaiting(camp.id, 'Công văn dời sau');
    await waitFor(async () => (await notes('thuong.pn', d.id)).find((n) => n.kind === 'reminder'), 8_000, 'first reminder');
    const r = expectOk(await moveTo(camp.id, camp.start + 6_000)); // due now 6 s later
    expect(r.body.moved.map((m: any) => m.field)).toEqual(['signatureDeadline']);
    const newDue = new Date(r.body.moved[0].to).getTime();
    const escalation = await waitFor(async () => (await notes('son.nk', d.id)).find((n) => n.kind === 'escalation'), 20_000, 'escalation');
    await sleep(2500);
    const mine = await notes('thuong.pn', d.id);
    const reminders = mine.filter((n) => n.kind === 'reminder');
    // Before (sent before the move), at the new deadline: two, not three; the escalation once, after the new deadline.
    expect(reminders).toHaveLength(2);
    expect(reminders.map((n) => n.dueAt).sort()).toEqual([new Date(newDue - 6_000).toISOString(), new Date(newDue).toISOString()].sort());
    expect(new Date(reminders.find((n) => n.dueAt === new Date(newDue).toISOString()).createdAt).getTime()).toBeGreaterThanOrEqual(newDue);
    expect(new Date(escalation.createdAt).getTime()).toBeGreaterThanOrEqual(newDue + 2_000);
    expect((await notes('son.nk', d.id)).filter((n) => n.kind === 'escalation')).toHaveLength(1);
    expect(mine.filter((n) => n.kind === 'info' && n.message.includes('dời từ'))).toHaveLength(1);
    const done = await steps(d.id);
    expect(done.map((s) => [s.step, s.outcome, s.moves])).toEqual([
      ['remind_before', 'fired', 0],
      ['remind_due', 'fired', 1],
      ['escalate', 'fired', 1],
    ]);
  });

  it('moved earlier: the steps fire at the new times, and the jobs of the old ones find them done', async () => {
    const camp = await soon('SIM-EARLIER', 3_600_000 + 60_000); // due in a minute
    const d = await awaiting(camp.id, 'Công văn dời trước');
    const r = expectOk(await moveTo(camp.id, camp.start - 54_000)); // due in about 6 s
    const newDue = new Date(r.body.moved[0].to).getTime();
    await waitFor(async () => (await notes('son.nk', d.id)).find((n) => n.kind === 'escalation'), 20_000, 'escalation');
    const reminders = (await notes('thuong.pn', d.id)).filter((n) => n.kind === 'reminder');
    expect(reminders.map((n) => n.dueAt)).toEqual([new Date(newDue).toISOString(), new Date(newDue).toISOString()]);
    const runner = h.app.get(DeadlineRunner);
    // The jobs queued for the old times: their steps are done.
    for (const s of await steps(d.id)) expect(await runner.fire(s.id)).toBe(s.moves === 0 ? 'already-done' : 'superseded');
    expect((await notes('thuong.pn', d.id)).filter((n) => n.kind === 'reminder')).toHaveLength(2);
  });

  it('a reminder dropped when its deadline came too close comes back when the deadline moves away again', async () => {
    const camp = await soon('SIM-BACK', 3_600_000 + 120_000);
    const d = await awaiting(camp.id, 'Công văn dời tới dời lui');
    const before = async () => (await steps(d.id)).find((s) => s.step === 'remind_before');
    // Due in 1 s: no time left for a reminder 2 s before it.
    expectOk(await moveTo(camp.id, Date.now() + 3_600_000 + 1_000));
    expect(await before()).toMatchObject({ outcome: 'skipped', moves: 0 });
    expect((await before()).doneAt).not.toBeNull();
    // Back to two minutes away: the reminder is pending again, with a job of its own move.
    expectOk(await moveTo(camp.id, camp.start));
    const back = await before();
    expect(back).toMatchObject({ outcome: null, doneAt: null, moves: 1 });
    await waitFor(async () => (await h.sql(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0, 5000, 'outbox relayed');
    await withQueue(async (q) => expect(await q.getJobState(`${back.id}.m1`)).toBe('delayed'));
  });

  it('a move whose process stopped after the sessions changed is finished by the sweep', async () => {
    const camp = await soon('SIM-CRASH', 3_600_000 + 120_000);
    const d = await awaiting(camp.id, 'Công văn dời khi máy chủ dừng');
    const due = (await c.as('an.nv').get(`/api/documents/${d.id}`)).body.signatureDeadline;
    // As if the API died right after committing the change: sessions and version moved, no document yet.
    await h.sql(
      `WITH s AS (UPDATE campaign_sessions SET starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day' WHERE campaign_id = $1)
       UPDATE campaigns SET version = version + 1 WHERE id = $1`,
      [camp.id],
    );
    const moved = await waitFor(
      async () => {
        const doc = (await c.as('an.nv').get(`/api/documents/${d.id}`)).body;
        return doc.signatureDeadline !== due && doc;
      },
      10_000,
      'the sweep moves it',
    );
    expect(new Date(moved.signatureDeadline).getTime() - new Date(due).getTime()).toBe(86_400_000);
    expect((await history(d.id)).at(-1).event).toBe('DEADLINE_MOVED');
    const [row] = await h.sql(`SELECT version, moved_version AS "movedVersion" FROM campaigns WHERE id = $1`, [camp.id]);
    expect(row.movedVersion).toBe(row.version);
  });
});
