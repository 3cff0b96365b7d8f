import { WorkerModule } from '../apps/worker/src/worker.module';
import { DeadlineRunner } from '../libs/documents/src';
import { QUICK_DEADLINES, sleep, startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

/**
 * Deadlines on the real PostgreSQL and Redis, with the worker in the same
 * process: deadlines seconds away, REMINDER_BEFORE and ESCALATION_AFTER 2 s.
 */
let h: Harness;
let c: ApiClient;
const BEFORE = 2000;
const AFTER = 2000;

beforeAll(async () => {
  h = await startApp(
    // An urgent document is to be sent 4 s after its signature here (Nghị định 30 Điều 18.1).
    { ...QUICK_DEADLINES, URGENT_DISSEMINATION: '4s' },
    { extra: [WorkerModule] },
  );
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** The notifications of a user about one document. */
async function notes(user: string, documentId: string) {
  const r = await c.as(user).get('/api/notifications');
  expect(r.status).toBe(200);
  return (r.body as any[]).filter((n) => n.documentId === documentId);
}

/** Lateness of a notification against the moment it was due. */
const late = (n: any, dueMs: number) => new Date(n.createdAt).getTime() - dueMs;

describe('reminders and escalation', () => {
  it('the signer is reminded before and at the deadline, the Bộ trưởng gets the escalation; each once, on time', async () => {
    const doc = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp Ban chỉ đạo' })).body;
    const due = inSeconds(4);
    expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: due }));
    const dueMs = new Date(due).getTime();

    const escalation = await waitFor(async () => (await notes('son.nk', doc.id)).find((n) => n.kind === 'escalation'), 12_000, 'escalation');
    const mine = await notes('thuong.pn', doc.id);
    const reminders = mine.filter((n) => n.kind === 'reminder').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(reminders).toHaveLength(2);
    const [early, atDue] = reminders;
    expect(late(early, dueMs - BEFORE)).toBeGreaterThanOrEqual(0);
    expect(late(early, dueMs - BEFORE)).toBeLessThan(2000);
    expect(late(atDue, dueMs)).toBeGreaterThanOrEqual(0);
    expect(late(atDue, dueMs)).toBeLessThan(2000);
    expect(late(escalation, dueMs + AFTER)).toBeGreaterThanOrEqual(0);
    expect(late(escalation, dueMs + AFTER)).toBeLessThan(2000);

    expect(early).toMatchObject({ documentId: doc.id, stage: 'awaiting_signature', dueAt: due, readAt: null });
    expect(early.message).toContain('Giấy mời họp Ban chỉ đạo');
    expect(early.message).toContain('ký ban hành');
    expect(escalation.message).toMatch(/Quá hạn/);
    expect(escalation.message).toContain('Phạm Ngọc Thưởng');
    // Nobody else heard of it, and nothing comes twice.
    await sleep(2500);
    // The signer was also told when it arrived (an assignment); nothing else, nothing twice.
    expect((await notes('thuong.pn', doc.id)).map((n) => n.kind).sort()).toEqual(['assignment', 'reminder', 'reminder']);
    expect(await notes('son.nk', doc.id)).toHaveLength(1);
    expect(await notes('phuc.hm', doc.id)).toHaveLength(0);
    // A step that runs again (its done_at lost, as after a crash between the write and the mark) writes nothing:
    // counted per document, user, kind and stage entry, not through the key that is supposed to prevent it.
    const perEntry = () =>
      h.sql(
        `SELECT n.username, n.kind, n.stage, n.due_at, count(*)::int AS n FROM notifications n
          WHERE n.document_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
        [doc.id],
      );
    const once = await perEntry();
    expect(once.map((r) => [r.username, r.kind, r.n])).toEqual([
      ['son.nk', 'escalation', 1],
      ['thuong.pn', 'assignment', 1],
      ['thuong.pn', 'reminder', 2],
    ]);
    const steps: Array<{ id: string }> = await h.sql(
      `UPDATE deadline_steps s SET done_at = NULL, outcome = NULL FROM deadlines dl
        WHERE dl.id = s.deadline_id AND dl.document_id = $1 RETURNING s.id`,
      [doc.id],
    );
    expect(steps).toHaveLength(3);
    const runner = h.app.get(DeadlineRunner);
    expect(await Promise.all(steps.map((s) => runner.fire(s.id)))).toEqual(['fired', 'fired', 'fired']);
    expect(await perEntry()).toEqual(once);
    process.stdout.write(
      `lateness (ms) of reminder before, reminder at, escalation: ${[late(early, dueMs - BEFORE), late(atDue, dueMs), late(escalation, dueMs + AFTER)].join(', ')}\n`,
    );
  });

  it('in a ministry, an overdue report of a unit goes to its Thứ trưởng; of a Sở or a unit of it, to its Giám đốc', async () => {
    const d = await documentAwaitingSignature(c, 'Kế hoạch kiểm tra', 'KH', 'son.nk');
    expectOk(await c.as('son.nk').event(d.id, { type: 'SIGN' }));
    const due = inSeconds(5);
    expectOk(
      await c.as('khanh.vt').event(d.id, {
        type: 'DISSEMINATE',
        recipients: [
          { unitCode: 'GDTrH', purpose: 'implement' },
          { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
          // A unit of a Sở with a supervisor (pgd.dl): in a department the escalation still goes to the Giám đốc.
          { agencyCode: 'SGDĐT-DL', unitCode: 'KT', purpose: 'implement' },
          { agencyCode: 'SGDĐT-HN', purpose: 'implement' },
        ],
        reportDeadline: due,
      }),
    );
    // Hà Nội reports in time: it owes nothing when the deadline passes.
    expectOk(await c.as('cv.hn').event(d.id, { type: 'SUBMIT_REPORT', content: 'Đã xong' }));
    await waitFor(async () => (await notes('gd.dl', d.id)).find((n) => n.kind === 'escalation'), 12_000, 'Giám đốc escalation');
    await waitFor(async () => (await notes('thuong.pn', d.id)).find((n) => n.kind === 'escalation'), 5000, 'Thứ trưởng escalation');
    await sleep(1000);
    const kinds = async (user: string) => (await notes(user, d.id)).map((n) => n.kind).sort();
    // Reminded before and at the deadline, once each, whoever owes: the Vụ's head, the Sở's clerk, the Phòng's officer;
    // each was told of the dissemination when it arrived (a Phòng through its people, the Sở through its clerk).
    expect(await kinds('dung.lt')).toEqual(['assignment', 'reminder', 'reminder']);
    expect(await kinds('vt.dl')).toEqual(['assignment', 'reminder', 'reminder']);
    expect(await kinds('kt.dl')).toEqual(['assignment', 'reminder', 'reminder']);
    expect(await kinds('cv.hn')).toEqual([]);
    // One escalation each: the Giám đốc for the Sở and its Phòng together, the Thứ trưởng for the Vụ.
    expect(await kinds('gd.dl')).toEqual(['escalation']);
    expect(await kinds('thuong.pn')).toEqual(['escalation']);
    // The Phòng's supervisor is not its escalation's address in a Sở; the Minister is not bothered with the Vụ's report.
    expect(await kinds('pgd.dl')).toEqual([]);
    expect((await notes('son.nk', d.id)).filter((n) => n.kind === 'escalation')).toHaveLength(0);
  });

  it('in a department, the Giám đốc; when the head owes it, the head and the drafting unit’s head', async () => {
    const so = (await c.as('kt.dl').post('/api/documents', { type: 'GM', title: 'Giấy mời Sở' })).body;
    expectOk(await c.as('kt.dl').event(so.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'pgd.dl', signingAuthority: 'KT', deadline: inSeconds(2) }));
    const bo = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn chờ Bộ trưởng' })).body;
    expectOk(await c.as('an.nv').event(bo.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null, deadline: inSeconds(2) }));

    await waitFor(async () => (await notes('gd.dl', so.id)).find((n) => n.kind === 'escalation'), 10_000, 'Sở escalation');
    await waitFor(async () => (await notes('chinh.hv', bo.id)).find((n) => n.kind === 'escalation'), 10_000, 'unit head escalation');
    expect((await notes('son.nk', bo.id)).filter((n) => n.kind === 'escalation')).toHaveLength(1);
  });

  it('silence is agreement: at the consultation deadline the system closes it and records the silent units', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'HD', title: 'Hướng dẫn chấm thi' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'CNTT'], deadline: inSeconds(2) }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: false, comment: 'Bổ sung quy trình phúc khảo' }));
    const after = await waitFor(async () => {
      const r = (await c.as('an.nv').get(`/api/documents/${d.id}`)).body;
      return r.state === 'consulted' ? r : null;
    }, 8000, 'consulted');
    expect(after.consultations.map((x: any) => [x.unitCode, x.status])).toEqual([
      ['CNTT', 'silent'],
      ['TTr', 'disagreed'],
    ]);
    expect(after.availableEvents).toEqual(['REVISE', 'SUBMIT_FOR_SIGNATURE', 'WITHDRAW']);
    const history = (await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ event: 'CONSULTATION_DEADLINE_REACHED', from: 'consulting', to: 'consulted', actor: 'system', payload: { silent: ['BGDĐT/CNTT'] } });
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body).toEqual({ valid: true, length: 4 });
    const info = await waitFor(async () => (await notes('an.nv', d.id)).find((n) => n.kind === 'info'), 3000, 'drafter informed');
    expect(info.message).toContain('Cục Công nghệ thông tin');
    expect(info.message).toContain('đồng ý');
    // CNTT was told of the consultation, but not reminded: with 2 s to go and REMINDER_BEFORE 2 s nothing was due yet.
    expect((await notes('giang.tt', d.id)).map((n) => n.kind)).toEqual(['assignment']);
  });

  it('a step that fires after its item was dealt with does nothing', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Ký kịp thời' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null, deadline: inSeconds(3) }));
    expectOk(await c.as('son.nk').event(d.id, { type: 'SIGN' }));
    await sleep(6000);
    // Only the assignment of when it arrived: no reminder, no escalation.
    expect((await notes('son.nk', d.id)).map((n) => n.kind)).toEqual(['assignment']);
    const steps = await h.sql(
      `SELECT s.step, s.outcome FROM deadline_steps s JOIN deadlines dl ON dl.id = s.deadline_id
        WHERE dl.document_id = $1 AND dl.kind = 'signature' ORDER BY s.run_at`,
      [d.id],
    );
    expect(steps).toEqual([
      { step: 'remind_before', outcome: 'skipped' },
      { step: 'remind_due', outcome: 'skipped' },
      { step: 'escalate', outcome: 'skipped' },
    ]);
  });
});

describe('firing steps together', () => {
  it('steps asked for at once share a transaction; two of one document go one after the other; each fires once', async () => {
    // Three documents awaiting signature with deadlines far away: their steps are fired by hand, not by the clock.
    const docs = [];
    for (const title of ['Giấy mời A', 'Giấy mời B', 'Giấy mời C']) {
      const doc = (await c.as('an.nv').post('/api/documents', { type: 'GM', title })).body;
      expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: inSeconds(3600) }));
      docs.push(doc);
    }
    const steps: Array<{ id: string; document_id: string; step: string }> = await h.sql(
      `SELECT s.id, d.document_id, s.step FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id
        WHERE d.document_id = ANY($1) AND s.step IN ('remind_before', 'remind_due') ORDER BY d.document_id, s.step`,
      [docs.map((d) => d.id)],
    );
    expect(steps).toHaveLength(6);
    const runner = h.app.get(DeadlineRunner);
    const outcomes = await Promise.all([...steps.map((s) => runner.fire(s.id)), runner.fire(steps[0].id), runner.fire('no-such-step')]);
    // Every step fired; the same step asked twice is told what became of it (in the same batch: fired, later: already
    // done); the unknown one is missing. The notifications below show each fired once.
    expect(outcomes.slice(0, 6)).toEqual(Array(6).fill('fired'));
    expect(['fired', 'already-done']).toContain(outcomes[6]);
    expect(outcomes[7]).toBe('missing');
    const rows = await h.sql(
      `SELECT n.dedupe_key, count(*)::int AS n FROM notifications n
        WHERE n.document_id = ANY($1) AND n.kind = 'reminder' GROUP BY n.dedupe_key`,
      [docs.map((d) => d.id)],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    // Asked again: nothing more.
    expect(await Promise.all(steps.map((s) => runner.fire(s.id)))).toEqual(Array(6).fill('already-done'));

    // Two steps of one document in one call: one is decided, the other is handed back for the next transaction.
    const doc = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời D' })).body;
    expectOk(await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', deadline: inSeconds(3600) }));
    const pair: Array<{ id: string }> = await h.sql(
      `SELECT s.id FROM deadline_steps s JOIN deadlines d ON d.id = s.deadline_id
        WHERE d.document_id = $1 AND s.step IN ('remind_before', 'remind_due') ORDER BY s.run_at`,
      [doc.id],
    );
    const first = await runner.fireMany(pair.map((p) => p.id));
    expect([...first.outcomes.values()]).toEqual(['fired']);
    expect(first.later).toEqual([pair[1].id]);
    expect((await runner.fireMany(first.later)).outcomes.get(pair[1].id)).toBe('fired');
  });
});

describe('stage deadlines on the document and in tasks', () => {
  it('each stage shows its deadline; tasks list what the caller owes, soonest first', async () => {
    const late = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Lấy ý kiến lâu' })).body;
    expectOk(await c.as('an.nv').event(late.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 5 }));
    const soon = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Lấy ý kiến gấp' })).body;
    const r = await c.as('an.nv').event(soon.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 1 });
    expect(r.body.consultationDeadline).toEqual(expect.any(String));
    const tasks = (await c.as('hai.nt').get('/api/tasks')).body as any[];
    const ids = tasks.filter((t) => t.kind === 'opinion').map((t) => t.documentId);
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(late.id));
    expect(tasks.find((t) => t.documentId === soon.id)).toMatchObject({ kind: 'opinion', title: 'Lấy ý kiến gấp', overdue: false, deadline: r.body.consultationDeadline });

    const toSign = await documentAwaitingSignature(c, 'Chờ ký', 'QĐ');
    const signer = (await c.as('thuong.pn').get('/api/tasks')).body as any[];
    expect(signer.find((t) => t.documentId === toSign.id)).toMatchObject({ kind: 'signature', deadline: toSign.signatureDeadline });
    const signed = await c.as('thuong.pn').event(toSign.id, { type: 'SIGN' });
    expect(signed.body.disseminationDeadline).toEqual(expect.any(String));
    const clerk = (await c.as('khanh.vt').get('/api/tasks')).body as any[];
    expect(clerk.find((t) => t.documentId === toSign.id)).toMatchObject({ kind: 'dissemination', deadline: signed.body.disseminationDeadline });
    expect((await c.as('thuong.pn').get('/api/tasks')).body.find((t: any) => t.documentId === toSign.id)).toBeUndefined();
    const reportDeadline = inSeconds(86_400 * 3);
    expectOk(await c.as('khanh.vt').event(toSign.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }], reportDeadline }));
    const so = (await c.as('kt.dl').get('/api/tasks')).body as any[];
    expect(so.find((t) => t.documentId === toSign.id)).toMatchObject({ kind: 'report', deadline: reportDeadline });
  });
});

describe('urgent dissemination (Nghị định 30 Điều 18.1)', () => {
  it('a Khẩn document is due out URGENT_DISSEMINATION after its signature: the clerk is reminded, then the Bộ trưởng told; a normal one waits for the next working day', async () => {
    const urgent = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn khẩn về lịch thi', urgency: 'urgent' })).body;
    expectOk(await c.as('an.nv').event(urgent.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    const signed = expectOk(await c.as('thuong.pn').event(urgent.id, { type: 'SIGN' })).body;
    expect(new Date(signed.disseminationDeadline).getTime() - new Date(signed.issuedAt).getTime()).toBe(4000);
    const normal = await documentAwaitingSignature(c, 'Công văn thường', 'CV');
    const ordinary = expectOk(await c.as('thuong.pn').event(normal.id, { type: 'SIGN' })).body;
    expect(new Date(ordinary.disseminationDeadline).getTime() - new Date(ordinary.issuedAt).getTime()).toBeGreaterThan(3_600_000);
    // Nobody sends it: reminded before and at the deadline, escalated ESCALATION_AFTER past it to the agency's head.
    const escalation = await waitFor(async () => (await notes('son.nk', urgent.id)).find((n) => n.kind === 'escalation'), 15_000, 'escalation');
    expect(escalation.message).toMatch(/^Quá hạn \(giai đoạn phát hành\)/);
    expect(new Date(escalation.createdAt).getTime()).toBeGreaterThanOrEqual(new Date(signed.disseminationDeadline).getTime() + AFTER);
    const reminders = (await notes('khanh.vt', urgent.id)).filter((n) => n.kind === 'reminder');
    expect(reminders.map((n) => n.dueAt)).toEqual([signed.disseminationDeadline, signed.disseminationDeadline]);
    expect((await notes('son.nk', normal.id)).filter((n) => n.kind === 'escalation')).toHaveLength(0);
  });
});

describe('assignments', () => {
  it('whoever a document now waits on is told at once, and the drafter when it comes back', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch giao việc' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'GDTrH'], workingDays: 2 }));
    // A unit is told through its head: Thanh tra's head, the Vụ's head (not its officers).
    expect((await notes('hai.nt', d.id)).map((n) => n.kind)).toEqual(['assignment']);
    expect((await notes('dung.lt', d.id)).map((n) => n.kind)).toEqual(['assignment']);
    expect(await notes('em.pv', d.id)).toEqual([]);
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    expectOk(await c.as('dung.lt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    const drafter = await notes('an.nv', d.id);
    expect(drafter.map((n) => n.kind)).toEqual(['info']);
    expect(drafter[0].message).toContain('lấy đủ ý kiến');
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'phuc.hm', signingAuthority: 'KT' }));
    const signer = await notes('phuc.hm', d.id);
    expect(signer).toHaveLength(1);
    expect(signer[0]).toMatchObject({ kind: 'assignment', stage: 'awaiting_signature' });
    expect(signer[0].message).toContain('Kế hoạch giao việc');
    expectOk(await c.as('phuc.hm').event(d.id, { type: 'RETURN', reason: 'Thiếu dự toán' }));
    const back = (await notes('an.nv', d.id)).find((n) => n.message.includes('trả lại'));
    expect(back).toMatchObject({ kind: 'info', stage: 'draft' });
    expect(back.message).toContain('Thiếu dự toán');
  });

  it('the clerks are told to send it, the recipients that it arrived', async () => {
    const d = await documentAwaitingSignature(c, 'Quyết định giao việc', 'QĐ', 'son.nk');
    const signed = (await c.as('son.nk').event(d.id, { type: 'SIGN' })).body;
    expect((await notes('khanh.vt', d.id)).map((n) => n.kind)).toEqual(['assignment']);
    expectOk(
      await c.as('khanh.vt').event(d.id, {
        type: 'DISSEMINATE',
        recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { unitCode: 'GDTrH', purpose: 'coordinate' }],
        reportDeadline: inSeconds(86_400),
      }),
    );
    const so = await notes('vt.dl', d.id);
    expect(so).toHaveLength(1);
    expect(so[0].message).toContain(signed.number);
    expect((await notes('dung.lt', d.id)).map((n) => n.kind)).toEqual(['assignment']);
    expect(await notes('kt.dl', d.id)).toEqual([]);
  });
});

describe('notifications API', () => {
  it('lists newest first, marks read, and keeps each user to their own', async () => {
    const mine = (await c.as('thuong.pn').get('/api/notifications')).body as any[];
    expect(mine.length).toBeGreaterThan(0);
    const times = mine.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const f of ['id', 'kind', 'documentId', 'stage', 'dueAt', 'createdAt', 'readAt', 'message']) expect(mine[0]).toHaveProperty(f);
    const r = await c.as('thuong.pn').post(`/api/notifications/${mine[0].id}/read`);
    expect(r.status).toBe(200);
    expect(r.body.readAt).toEqual(expect.any(String));
    expect((await c.as('thuong.pn').get('/api/notifications?unread=true')).body.find((n: any) => n.id === mine[0].id)).toBeUndefined();
    expect((await c.as('an.nv').post(`/api/notifications/${mine[0].id}/read`)).status).toBe(403);
    expect((await c.as('an.nv').post('/api/notifications/00000000-0000-4000-8000-000000000000/read')).status).toBe(404);
    expect((await c.as('an.nv').get('/api/notifications?unread=maybe')).status).toBe(400);
  });
});

describe('outbox', () => {
  it('a transition writes its jobs to the outbox, and the relay empties it into BullMQ', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Kiểm tra outbox' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null, deadline: inSeconds(3600) }));
    const steps = await h.sql(
      `SELECT s.id FROM deadline_steps s JOIN deadlines dl ON dl.id = s.deadline_id WHERE dl.document_id = $1 ORDER BY s.run_at`,
      [d.id],
    );
    // Deterministic ids: document, stage entry (the version that entered the stage), kind, step.
    expect(steps.map((s) => s.id)).toEqual([
      `${d.id}.2.signature.remind_before`,
      `${d.id}.2.signature.remind_due`,
      `${d.id}.2.signature.escalate`,
    ]);
    await waitFor(async () => (await h.sql(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0, 5000, 'outbox relayed');
    const { Queue } = await import('bullmq');
    const q = new Queue('deadlines', { connection: { url: h.config.redisUrl! }, prefix: h.config.queuePrefix });
    try {
      for (const s of steps) expect(await q.getJob(s.id)).toBeDefined();
      expect(await q.getJobState(steps[0].id)).toBe('delayed');
    } finally {
      await q.close();
    }
  });
});
