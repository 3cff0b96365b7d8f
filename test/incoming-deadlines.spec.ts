import { WorkerModule } from '../apps/worker/src/worker.module';
import { WorkingCalendar } from '../libs/domain/src';
import { QUICK_DEADLINES, sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * The deadlines of văn bản đến (SPEC §7), on the documents' own deadline
 * machinery with the worker in the process: an urgent item must be
 * registered within URGENT_REGISTRATION (3 s here), a normal one by the end
 * of the working day it arrived; an assigned item by its ASSIGN deadline.
 * The one who owes it is reminded before and at the deadline; ESCALATION_AFTER
 * (2 s) past it the Sở's Giám đốc hears of it — for the processing, the
 * leader who assigned it. What was dealt with in time stays quiet.
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp({ ...QUICK_DEADLINES, URGENT_REGISTRATION: '3s' }, { extra: [WorkerModule] });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

/** The notifications of a user about one incoming item. */
async function notes(user: string, incomingId: string) {
  const r = await c.as(user).get('/api/notifications');
  expect(r.status).toBe(200);
  return (r.body as any[]).filter((n) => n.incomingId === incomingId);
}

const itemOf = async (user: string, documentId: string) =>
  ((await c.as(user).get('/api/incoming')).body as any[]).find((i) => i.sourceDocumentId === documentId);

/** A plan of the Ministry, signed and disseminated to both Sở for implementation. */
async function disseminated(title: string, urgency: string) {
  const doc = (await c.as('an.nv').post('/api/documents', { type: 'CV', title, urgency })).body;
  expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
  expectOk(await c.as('thuong.pn').event(doc.id, { type: 'SIGN' }));
  expectOk(
    await c.as('khanh.vt').event(doc.id, {
      type: 'DISSEMINATE',
      recipients: [
        { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
        { agencyCode: 'SGDĐT-HN', purpose: 'implement' },
      ],
      reportDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    }),
  );
  return doc;
}

describe('deadlines of incoming items', () => {
  it('an urgent item unregistered past URGENT_REGISTRATION: the clerk is reminded, the Giám đốc of that Sở escalated to; the Sở that registered hears nothing', async () => {
    const doc = await disseminated('Công văn hỏa tốc về lịch thi', 'urgent');
    const dl = await itemOf('vt.dl', doc.id);
    const hn = await itemOf('vt.hn', doc.id);
    const [deadline] = await h.sql(`SELECT kind, stage, due_at AS "dueAt" FROM deadlines WHERE incoming_id = $1`, [hn.id]);
    expect(deadline.kind).toBe('registration');
    expect(deadline.stage).toBe('received');
    // Due 3 s after arrival.
    expect(new Date(deadline.dueAt).getTime() - new Date(hn.receivedAt).getTime()).toBe(3000);
    expect(hn.registrationDeadline).toBe(new Date(deadline.dueAt).toISOString());
    // The clerk's task to register it carries that deadline.
    const task = ((await c.as('vt.hn').get('/api/tasks')).body as any[]).find((t) => t.incomingId === hn.id);
    expect(task).toMatchObject({ kind: 'incoming_register', deadline: hn.registrationDeadline });
    expectOk(await c.as('vt.dl').post(`/api/incoming/${dl.id}/events`, { type: 'REGISTER' }));

    const escalation = await waitFor(async () => (await notes('gd.hn', hn.id)).find((n) => n.kind === 'escalation'), 12_000, 'escalation');
    expect(escalation.message).toMatch(/^Quá hạn \(giai đoạn tiếp nhận văn bản đến\): văn bản đến «[^»]*Công văn hỏa tốc về lịch thi»/);
    expect(escalation.message).toContain('Văn thư Sở Giáo dục và Đào tạo Hà Nội');
    expect(escalation).toMatchObject({ documentId: null, incomingId: hn.id, stage: 'received', dueAt: new Date(deadline.dueAt).toISOString() });
    // Late to be registered: in the clerk's overdue list, and her task says so; the other Sở's, registered, is not.
    const overdue = (await c.as('vt.hn').get('/api/incoming?overdue=true')).body as any[];
    expect(overdue.map((i) => i.id)).toContain(hn.id);
    expect(((await c.as('vt.dl').get('/api/incoming?overdue=true')).body as any[]).map((i) => i.id)).not.toContain(dl.id);
    expect(((await c.as('vt.hn').get('/api/tasks')).body as any[]).find((t) => t.incomingId === hn.id).overdue).toBe(true);
    const reminders = (await notes('vt.hn', hn.id)).filter((n) => n.kind === 'reminder');
    expect(reminders).toHaveLength(2); // before (due − 2 s) and at the deadline
    expect(reminders.every((n) => n.message.includes('vào sổ văn bản đến'))).toBe(true);
    // The other Sở registered in time: its steps did nothing.
    await sleep(1000);
    expect(await notes('vt.dl', dl.id)).toEqual([]);
    expect(await notes('gd.dl', dl.id)).toEqual([]);
    const steps = await h.sql(
      `SELECT s.step, s.outcome FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id WHERE d.incoming_id = $1 ORDER BY s.run_at`,
      [dl.id],
    );
    expect(steps).toEqual([
      { step: 'remind_before', outcome: 'skipped' },
      { step: 'remind_due', outcome: 'skipped' },
      { step: 'escalate', outcome: 'skipped' },
    ]);
    // Registering late closes the deadline; nobody is told twice.
    expectOk(await c.as('vt.hn').post(`/api/incoming/${hn.id}/events`, { type: 'REGISTER' }));
    expect((await h.sql(`SELECT resolved_at FROM deadlines WHERE incoming_id = $1`, [hn.id]))[0].resolved_at).not.toBeNull();
    expect(await notes('gd.hn', hn.id)).toHaveLength(1);
  });

  it('a normal item is due by the end of the working day it arrived', async () => {
    const doc = await disseminated('Công văn hướng dẫn ôn tập', 'normal');
    const hn = await itemOf('vt.hn', doc.id);
    const [deadline] = await h.sql(`SELECT due_at AS "dueAt" FROM deadlines WHERE incoming_id = $1`, [hn.id]);
    const calendar = new WorkingCalendar(await h.sql(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM calendar_days`));
    expect(new Date(deadline.dueAt).toISOString()).toBe(calendar.endOfWorkingDay(new Date(hn.receivedAt)).toISOString());
  });

  it('processing past the ASSIGN deadline: the lead unit is reminded, the leader who assigned it escalated to; COMPLETE in time silences it', async () => {
    const doc = await disseminated('Công văn về rà soát điểm thi', 'normal');
    const dl = await itemOf('vt.dl', doc.id);
    const hn = await itemOf('vt.hn', doc.id);
    for (const [clerk, item] of [['vt.dl', dl], ['vt.hn', hn]] as const) expectOk(await c.as(clerk).post(`/api/incoming/${item.id}/events`, { type: 'REGISTER' }));
    // In Đắk Lắk the deputy (Phó Giám đốc) assigns it; in Hà Nội the Giám đốc.
    const due = new Date(Date.now() + 4000).toISOString();
    expectOk(await c.as('pgd.dl').post(`/api/incoming/${dl.id}/events`, { type: 'ASSIGN', lead: 'KT', deadline: due, instruction: 'Khẩn trương rà soát' }));
    expectOk(await c.as('gd.hn').post(`/api/incoming/${hn.id}/events`, { type: 'ASSIGN', lead: 'QLCL', deadline: due }));
    const [deadline] = await h.sql(`SELECT kind, stage, due_at AS "dueAt" FROM deadlines WHERE incoming_id = $1 AND resolved_at IS NULL`, [dl.id]);
    expect(deadline).toMatchObject({ kind: 'processing', stage: 'assigned' });
    expect(new Date(deadline.dueAt).toISOString()).toBe(due);
    // Hà Nội's unit records progress (still owed) and completes before the deadline.
    expectOk(await c.as('cv.hn').post(`/api/incoming/${hn.id}/events`, { type: 'UPDATE', comment: 'Đang rà soát' }));
    expectOk(await c.as('cv.hn').post(`/api/incoming/${hn.id}/events`, { type: 'COMPLETE', summary: 'Đã rà soát', report: 'Không có sai sót' }));
    // Đắk Lắk's is worked on but not finished: still owed through in_progress.
    expectOk(await c.as('kt.dl').post(`/api/incoming/${dl.id}/events`, { type: 'UPDATE', comment: 'Đang tổng hợp' }));

    const escalation = await waitFor(async () => (await notes('pgd.dl', dl.id)).find((n) => n.kind === 'escalation'), 12_000, 'escalation');
    expect(escalation.message).toMatch(/^Quá hạn \(giai đoạn giải quyết văn bản đến\)/);
    expect(escalation.message).toContain('Phòng Khảo thí và Kiểm định chất lượng');
    expect(escalation.stage).toBe('assigned');
    // To the leader who assigned it, not the Giám đốc who did not.
    expect(await notes('gd.dl', dl.id)).toEqual([]);
    expect((await notes('kt.dl', dl.id)).map((n) => n.kind)).toEqual(['reminder', 'reminder']);
    await sleep(1000);
    for (const user of ['cv.hn', 'gd.hn', 'vt.hn']) expect(await notes(user, hn.id)).toEqual([]);
  });

  it('what a clerk creates by hand has its registration deadline too', async () => {
    const r = await c.as('vt.dl').post('/api/incoming', {
      sender: 'UBND tỉnh Đắk Lắk',
      number: '45/UBND-VX',
      issuedAt: new Date().toISOString(),
      type: 'CV',
      title: 'Về bảo đảm an ninh kỳ thi',
      urgency: 'flash',
    });
    expect(r.status).toBe(201);
    const escalation = await waitFor(async () => (await notes('gd.dl', r.body.id)).find((n) => n.kind === 'escalation'), 12_000, 'escalation');
    expect(escalation.message).toContain('45/UBND-VX');
    // The notification leads to the item in the web app.
    expect(escalation.incomingId).toBe(r.body.id);
  });
});
