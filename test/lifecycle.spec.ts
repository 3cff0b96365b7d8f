import { startApp, waitFor, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';

let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

const get = (user: string, id: string) => c.as(user).get(`/api/documents/${id}`).then((r) => r.body);

describe('a Kế hoạch from draft to reported', () => {
  it('walks every stage, with the right events offered to the right people', async () => {
    const created = await c.as('an.nv').post('/api/documents', {
      type: 'KH',
      title: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
      body: 'Căn cứ Quy chế thi…',
      urgency: 'urgent',
    });
    expect(created.status).toBe(201);
    const doc = created.body;
    expect(doc).toMatchObject({
      type: 'KH',
      state: 'draft',
      version: 1,
      agencyCode: 'BGDĐT',
      unitCode: 'QLCL',
      drafter: 'an.nv',
      urgency: 'urgent',
      number: null,
      signer: null,
      consultations: [],
      recipients: [],
      workflow: { id: 'ke-hoach', version: 1 },
    });
    expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc.availableEvents).toEqual(['SUBMIT_FOR_CONSULTATION', 'WITHDRAW']);
    // A colleague of the drafting unit may submit but not withdraw; a unit head of it may do both.
    expect((await get('binh.tt', doc.id)).availableEvents).toEqual(['SUBMIT_FOR_CONSULTATION']);
    expect((await get('chinh.hv', doc.id)).availableEvents).toEqual(['SUBMIT_FOR_CONSULTATION', 'WITHDRAW']);
    expect((await get('thuong.pn', doc.id)).availableEvents).toEqual([]);

    let r = await c.as('an.nv').event(doc.id, {
      type: 'SUBMIT_FOR_CONSULTATION',
      consultees: ['TTr', 'GDTrH', 'SGDĐT-HN/QLCL'],
      workingDays: 3,
    });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('consulting');
    expect(r.body.consultationDeadline).toEqual(expect.any(String));
    expect(new Date(r.body.consultationDeadline).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect(r.body.consultations.map((x: any) => [x.agencyCode, x.unitCode, x.status])).toEqual([
      ['BGDĐT', 'GDTrH', 'pending'],
      ['BGDĐT', 'TTr', 'pending'],
      ['SGDĐT-HN', 'QLCL', 'pending'],
    ]);
    expect((await get('hai.nt', doc.id)).availableEvents).toEqual(['GIVE_OPINION']);
    expect((await get('cv.hn', doc.id)).availableEvents).toEqual(['GIVE_OPINION']);
    expect((await get('an.nv', doc.id)).availableEvents).toEqual(['WITHDRAW']);

    r = await c.as('hai.nt').event(doc.id, { type: 'GIVE_OPINION', agree: true, comment: 'Đồng ý' });
    expect(r.body.state).toBe('consulting');
    expect((await get('hai.nt', doc.id)).availableEvents).toEqual([]);
    r = await c.as('em.pv').event(doc.id, { type: 'GIVE_OPINION', agree: false, comment: 'Cần bổ sung kinh phí' });
    expect(r.body.state).toBe('consulting');
    r = await c.as('cv.hn').event(doc.id, { type: 'GIVE_OPINION', agree: true });
    expect(r.body.state).toBe('consulted');
    const byUnit = Object.fromEntries(r.body.consultations.map((x: any) => [x.unitCode + '@' + x.agencyCode, x]));
    expect(byUnit['GDTrH@BGDĐT']).toMatchObject({ status: 'disagreed', comment: 'Cần bổ sung kinh phí', answeredBy: 'em.pv' });
    expect(byUnit['TTr@BGDĐT']).toMatchObject({ status: 'agreed', comment: 'Đồng ý' });
    expect(byUnit['QLCL@SGDĐT-HN'].answeredAt).toEqual(expect.any(String));

    expect(r.body.availableEvents).toEqual([]); // cv.hn answered; nothing more for them
    expect((await get('an.nv', doc.id)).availableEvents).toEqual(['REVISE', 'SUBMIT_FOR_SIGNATURE', 'WITHDRAW']);

    r = await c.as('an.nv').event(doc.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'awaiting_signature', signer: 'thuong.pn', signingAuthority: 'KT' });
    expect(r.body.signatureDeadline).toEqual(expect.any(String));
    expect((await get('thuong.pn', doc.id)).availableEvents).toEqual(['SIGN', 'RETURN']);
    expect((await get('son.nk', doc.id)).availableEvents).toEqual([]);

    r = await c.as('thuong.pn').event(doc.id, { type: 'SIGN' });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('signed');
    expect(r.body.number).toBe('01/KH-BGDĐT');
    expect(Math.abs(new Date(r.body.issuedAt).getTime() - Date.now())).toBeLessThan(10_000);
    expect(r.body.signatureBlock).toBe('KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng');
    expect(r.body.disseminationDeadline).toEqual(expect.any(String));
    expect((await get('khanh.vt', doc.id)).availableEvents).toEqual(['DISSEMINATE']);
    // Before dissemination a Sở has nothing to do with the Ministry's document.
    expect((await c.as('vt.dl').get(`/api/documents/${doc.id}`)).status).toBe(403);

    const reportDeadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
    r = await c.as('khanh.vt').event(doc.id, {
      type: 'DISSEMINATE',
      recipients: [
        { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
        { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement' },
        { unitCode: 'GDTrH', purpose: 'coordinate' },
        { unitCode: 'VP', purpose: 'archive' },
      ],
      reportDeadline,
    });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('disseminated');
    expect(r.body.reportDeadline).toBe(reportDeadline);
    expect(r.body.recipients).toEqual([
      { agencyCode: 'SGDĐT-DL', unitCode: null, externalCode: null, username: null, groupCode: null, note: null, main: false, purpose: 'implement', acknowledgedAt: null, report: { status: 'pending', submittedAt: null, submittedBy: null, content: null } },
      { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', externalCode: null, username: null, groupCode: null, note: null, main: false, purpose: 'implement', acknowledgedAt: null, report: { status: 'pending', submittedAt: null, submittedBy: null, content: null } },
      { agencyCode: 'BGDĐT', unitCode: 'GDTrH', externalCode: null, username: null, groupCode: null, note: null, main: false, purpose: 'coordinate', acknowledgedAt: null, report: null },
      { agencyCode: 'BGDĐT', unitCode: 'VP', externalCode: null, username: null, groupCode: null, note: null, main: false, purpose: 'archive', acknowledgedAt: null, report: null },
    ]);
    expect((await get('kt.dl', doc.id)).availableEvents).toEqual(['ACKNOWLEDGE', 'SUBMIT_REPORT']);
    expect((await get('em.pv', doc.id)).availableEvents).toEqual(['ACKNOWLEDGE']);
    // Once out, the drafting unit may also correct or replace it (SPEC §9).
    expect((await get('an.nv', doc.id)).availableEvents).toEqual(['CLOSE', 'CORRECT', 'REPLACE']);

    r = await c.as('em.pv').event(doc.id, { type: 'ACKNOWLEDGE' });
    expect(r.body.recipients[2].acknowledgedAt).toEqual(expect.any(String));
    expect((await c.as('em.pv').event(doc.id, { type: 'ACKNOWLEDGE' })).status).toBe(409);

    r = await c.as('kt.dl').event(doc.id, { type: 'SUBMIT_REPORT', content: 'Sở đã triển khai tới 100% điểm thi.' });
    expect(r.body.state).toBe('disseminated');
    expect(r.body.recipients[0].report).toMatchObject({ status: 'submitted', submittedBy: 'kt.dl' });
    expect(r.body.recipients[0].acknowledgedAt).toEqual(expect.any(String));
    expect((await c.as('kt.dl').event(doc.id, { type: 'SUBMIT_REPORT', content: 'lần hai' })).status).toBe(403);

    r = await c.as('cv.hn').event(doc.id, { type: 'SUBMIT_REPORT', content: 'Đã thực hiện.' });
    expect(r.body.state).toBe('reported');
    expect(r.body.availableEvents).toEqual([]);

    const history = (await c.as('an.nv').get(`/api/documents/${doc.id}/history`)).body;
    expect(history.map((e: any) => `${e.event}:${e.from}->${e.to}:${e.actor}`)).toEqual([
      'CREATE:null->draft:an.nv',
      'SUBMIT_FOR_CONSULTATION:draft->consulting:an.nv',
      'GIVE_OPINION:consulting->consulting:hai.nt',
      'GIVE_OPINION:consulting->consulting:em.pv',
      'GIVE_OPINION:consulting->consulted:cv.hn',
      'SUBMIT_FOR_SIGNATURE:consulted->awaiting_signature:an.nv',
      'SIGN:awaiting_signature->signed:thuong.pn',
      'DISSEMINATE:signed->disseminated:khanh.vt',
      'ACKNOWLEDGE:disseminated->disseminated:em.pv',
      'SUBMIT_REPORT:disseminated->disseminated:kt.dl',
      'SUBMIT_REPORT:disseminated->reported:cv.hn',
    ]);
    expect(history.map((e: any) => e.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
    expect(history[6].payload).toMatchObject({ number: '01/KH-BGDĐT' });
    expect((await get('an.nv', doc.id)).version).toBe(history.length);
    expect((await c.as('an.nv').get(`/api/documents/${doc.id}/history/verify`)).body).toEqual({ valid: true, length: 11 });
  });
});

describe('other paths', () => {
  it('REVISE sends a consulted draft back; a new consultation round replaces the old answers', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'QĐ', title: 'Quyết định thành lập Ban chỉ đạo' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 1 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: false, comment: 'Sai thẩm quyền' }));
    let r = await c.as('binh.tt').event(d.id, { type: 'REVISE', note: 'Sửa theo ý kiến Thanh tra' });
    expect(r.body.state).toBe('draft');
    expectOk(await c.as('binh.tt').patch(`/api/documents/${d.id}`, { title: 'Quyết định thành lập Ban chỉ đạo thi (sửa)' }));
    r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr', 'CNTT'], deadline: new Date(Date.now() + 3600_000).toISOString() });
    expect(r.body.consultations.map((x: any) => x.status)).toEqual(['pending', 'pending']);
    expect(r.body.title).toBe('Quyết định thành lập Ban chỉ đạo thi (sửa)');
  });

  it('RETURN sends it back to draft with a reason and clears the signer; WITHDRAW ends it', async () => {
    const d = await documentAwaitingSignature(c, 'Thông báo', 'TB');
    let r = await c.as('thuong.pn').event(d.id, { type: 'RETURN', reason: 'Bổ sung căn cứ pháp lý' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'draft', signer: null, signingAuthority: null, signatureDeadline: null });
    // Leaders of the agency still see it after it went back to draft.
    expect((await c.as('thuong.pn').get(`/api/documents/${d.id}`)).status).toBe(200);
    expect((await c.as('binh.tt').event(d.id, { type: 'WITHDRAW', reason: 'x' })).status).toBe(403);
    r = await c.as('chinh.hv').event(d.id, { type: 'WITHDRAW', reason: 'Không ban hành nữa' });
    expect(r.body.state).toBe('withdrawn');
    r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 1 });
    expect(r.status).toBe(409);
    expect(r.body.state).toBe('withdrawn');
    expect(r.body.allowedEvents).toEqual([]);
  });

  it('GM and CV go to signature without consultation; KH may not', async () => {
    for (const type of ['GM', 'CV']) {
      const d = (await c.as('an.nv').post('/api/documents', { type, title: `Văn bản ${type}` })).body;
      expect(d.availableEvents).toContain('SUBMIT_FOR_SIGNATURE');
      const r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null });
      expect(r.body.state).toBe('awaiting_signature');
    }
    const kh = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'KH' })).body;
    expect(kh.availableEvents).not.toContain('SUBMIT_FOR_SIGNATURE');
    const r = await c.as('an.nv').event(kh.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('draft');
    expect(r.body.allowedEvents).toEqual(['SUBMIT_FOR_CONSULTATION', 'WITHDRAW']);
  });

  it('CLOSE ends a disseminated document; open reports become closed', async () => {
    const d = await documentAwaitingSignature(c, 'Chỉ thị', 'CT', 'son.nk');
    let r = await c.as('son.nk').event(d.id, { type: 'SIGN' });
    expect(r.body.signatureBlock).toBe('BỘ TRƯỞNG / Nguyễn Kim Sơn');
    r = await c.as('khanh.vt').event(d.id, {
      type: 'DISSEMINATE',
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }],
      reportDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await c.as('an.nv').event(d.id, { type: 'CLOSE' })).status).toBe(400);
    r = await c.as('an.nv').event(d.id, { type: 'CLOSE', summary: 'Kết thúc đợt thi' });
    expect(r.body.state).toBe('reported');
    expect(r.body.recipients[0].report.status).toBe('closed');
    expect(r.body.closingSummary).toBe('Kết thúc đợt thi');
  });

  it('a unit head signs TL; a Sở signs with its own numbering and block', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn hướng dẫn' })).body;
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'long.vp', signingAuthority: 'TL' }));
    const r = await c.as('long.vp').event(d.id, { type: 'SIGN' });
    expect(r.body.signatureBlock).toBe('TL. BỘ TRƯỞNG / CHÁNH VĂN PHÒNG / Đỗ Long');
    expect(r.body.number).toMatch(/^\d{2,}\/BGDĐT-QLCL$/);

    const s = (await c.as('kt.dl').post('/api/documents', { type: 'GM', title: 'Giấy mời họp' })).body;
    expectOk(await c.as('kt.dl').event(s.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'pgd.dl', signingAuthority: 'KT' }));
    const signed = await c.as('pgd.dl').event(s.id, { type: 'SIGN' });
    expect(signed.body.number).toBe('01/GM-SGDĐT-DL');
    expect(signed.body.signatureBlock).toBe('KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Thị Mai');
  });

  it('expectedVersion: the current one passes, a stale one is 409 and changes nothing', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Giấy mời' })).body;
    const stale = await c.as('an.nv').event(d.id, { type: 'WITHDRAW', reason: 'x', expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('7');
    const ok = await c.as('an.nv').event(d.id, { type: 'WITHDRAW', reason: 'x', expectedVersion: 1 });
    expect(ok.body).toMatchObject({ state: 'withdrawn', version: 2 });
    const patchStale = await c.as('an.nv').patch(`/api/documents/${d.id}`, { title: 'y', expectedVersion: 1 });
    expect(patchStale.status).toBe(409);
  });

  it('PATCH edits a draft only, by the drafting unit, and is recorded', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'TB', title: 'Thông báo' })).body;
    let r = await c.as('binh.tt').patch(`/api/documents/${d.id}`, { body: 'Nội dung mới', urgency: 'flash' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ body: 'Nội dung mới', urgency: 'flash', version: 2 });
    expect((await c.as('em.pv').patch(`/api/documents/${d.id}`, { title: 'x' })).status).toBe(403);
    expect((await c.as('an.nv').patch(`/api/documents/${d.id}`, {})).status).toBe(400);
    await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 });
    r = await c.as('an.nv').patch(`/api/documents/${d.id}`, { title: 'muộn' });
    expect(r.status).toBe(409);
    const h2 = (await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body;
    expect(h2[1]).toMatchObject({ event: 'EDIT', from: 'draft', to: 'draft', actor: 'binh.tt', payload: { body: 'Nội dung mới', urgency: 'flash' } });
  });

  it('a flash document is due for signature the same working day', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Hỏa tốc', urgency: 'flash' })).body;
    const r = await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null });
    const due = new Date(r.body.signatureDeadline);
    // 23:59:59.999 in Asia/Ho_Chi_Minh of today or the next working day: never more than 5 days out.
    expect(due.getUTCHours()).toBe(16);
    expect(due.getUTCMinutes()).toBe(59);
    expect(due.getTime() - Date.now()).toBeLessThan(5 * 86_400_000);
  });
});

describe('history verification', () => {
  it('editing or deleting a stored history row breaks verify at that row', async () => {
    const d = await documentAwaitingSignature(c, 'Kiểm tra chuỗi băm');
    const path = `/api/documents/${d.id}/history/verify`;
    expect((await c.as('an.nv').get(path)).body).toEqual({ valid: true, length: 4 });
    await h.sql(`UPDATE document_history SET payload = '{"agree": false}' WHERE document_id = $1 AND seq = 3`, [d.id]);
    expect((await c.as('an.nv').get(path)).body).toEqual({ valid: false, brokenAt: 3 });

    const d2 = await documentAwaitingSignature(c, 'Xóa dòng cuối');
    const path2 = `/api/documents/${d2.id}/history/verify`;
    await h.sql(`DELETE FROM document_history WHERE document_id = $1 AND seq = 4`, [d2.id]);
    expect((await c.as('an.nv').get(path2)).body).toEqual({ valid: false, brokenAt: 4 });

    const d3 = await documentAwaitingSignature(c, 'Xóa dòng giữa');
    await h.sql(`DELETE FROM document_history WHERE document_id = $1 AND seq = 2`, [d3.id]);
    expect((await c.as('an.nv').get(`/api/documents/${d3.id}/history/verify`)).body).toEqual({ valid: false, brokenAt: 2 });

    // The newest row too: verify walks every entry, the last included.
    const d5 = await documentAwaitingSignature(c, 'Sửa dòng cuối');
    await h.sql(`UPDATE document_history SET payload = payload || '{"signer": "son.nk"}' WHERE document_id = $1 AND seq = 4`, [d5.id]);
    expect((await c.as('an.nv').get(`/api/documents/${d5.id}/history/verify`)).body).toEqual({ valid: false, brokenAt: 4 });

    const d4 = await documentAwaitingSignature(c, 'Sửa người ký');
    await h.sql(`UPDATE document_history SET actor = 'son.nk' WHERE document_id = $1 AND seq = 1`, [d4.id]);
    expect((await c.as('an.nv').get(`/api/documents/${d4.id}/history/verify`)).body).toEqual({ valid: false, brokenAt: 1 });
  });
});

describe('after commit', () => {
  // This app runs no worker, hence no sweep: only the transition's own after-commit step can relay its jobs.
  it('the transition itself hands its jobs to BullMQ and empties its outbox rows', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'GM', title: 'Kiểm tra chuyển việc sau commit' })).body;
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'son.nk', signingAuthority: null, deadline }));
    const steps: Array<{ id: string }> = await h.sql(
      `SELECT s.id FROM deadline_steps s JOIN deadlines dl ON dl.id = s.deadline_id WHERE dl.document_id = $1`,
      [d.id],
    );
    expect(steps.length).toBeGreaterThan(0);
    await waitFor(async () => (await h.sql(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0, 5000, 'outbox relayed');
    const { Queue } = await import('bullmq');
    const q = new Queue('deadlines', { connection: { url: h.config.redisUrl! }, prefix: h.config.queuePrefix });
    try {
      for (const s of steps) expect(await q.getJobState(s.id)).toBe('delayed');
    } finally {
      await q.close();
    }
  });
});
