import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { PASSWORD, documentAwaitingSignature, expectOk, seedOrg } from './support/org';
import { PDF, uploadTo } from './support/files';

/**
 * Văn bản đến (SPEC §7, issue 14): the Ministry's plan arrives in two Sở in
 * the dissemination's own transaction; each registers it (số đến), its
 * Giám đốc assigns it, its unit works and completes it with the report,
 * which lands on the Ministry's document, until that is `reported`. Every
 * event with its refusals (wrong role, wrong agency, wrong state), the
 * numbering under concurrency, and the hash chain.
 */
let h: Harness;
let c: ApiClient;

beforeAll(async () => {
  h = await startApp();
  c = await seedOrg(h.base);
  for (const u of ['gd.hn', 'vt.hn']) await c.login(u, PASSWORD);
});
afterAll(() => h.close());

const incomingOf = async (user: string, documentId: string) => {
  const list = (await c.as(user).get('/api/incoming')).body as any[];
  return list.find((i) => i.sourceDocumentId === documentId);
};
const ev = (user: string, id: string, body: Record<string, unknown>) => c.as(user).post(`/api/incoming/${id}/events`, body);

describe('văn bản đến, from the dissemination to the answer', () => {
  let doc: any;

  it('a dissemination gives each examflow agency reached one incoming item, in its transaction; none for the issuer', async () => {
    doc = await documentAwaitingSignature(c, 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027');
    expectOk(await c.as('thuong.pn').event(doc.id, { type: 'SIGN' }));
    expectOk(
      await c.as('khanh.vt').event(doc.id, {
        type: 'DISSEMINATE',
        recipients: [
          { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
          { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement' },
          { unitCode: 'VP', purpose: 'archive' },
        ],
        reportDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      }),
    );
    const rows = await h.sql(`SELECT agency_code AS agency, state, sender, number FROM incoming_items WHERE source_document_id = $1 ORDER BY agency_code`, [doc.id]);
    expect(rows).toEqual([
      { agency: 'SGDĐT-DL', state: 'received', sender: 'Bộ Giáo dục và Đào tạo', number: '01/KH-BGDĐT' },
      { agency: 'SGDĐT-HN', state: 'received', sender: 'Bộ Giáo dục và Đào tạo', number: '01/KH-BGDĐT' },
    ]);
    const dl = await incomingOf('vt.dl', doc.id);
    expect(dl).toMatchObject({ agencyCode: 'SGDĐT-DL', state: 'received', incomingNumber: null, availableEvents: ['REGISTER', 'RETURN_TO_SENDER'] });
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}/history`)).body.map((e: any) => e.event)).toEqual(['RECEIVE']);
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}/history/verify`)).body).toEqual({ valid: true, length: 1 });
    // Each agency sees its own: the other Sở's clerk, and an officer before it is assigned, see nothing.
    expect(await incomingOf('vt.hn', doc.id)).toMatchObject({ agencyCode: 'SGDĐT-HN' });
    expect((await c.as('vt.hn').get(`/api/incoming/${dl.id}`)).status).toBe(404);
    expect(await incomingOf('kt.dl', doc.id)).toBeUndefined();
    expect((await c.as('khanh.vt').get('/api/incoming')).body).toEqual([]);
    // An administrator sees every agency's, filtered or not.
    expect(((await c.as('admin').get('/api/incoming')).body as any[]).filter((i) => i.sourceDocumentId === doc.id)).toHaveLength(2);
    expect(((await c.as('admin').get('/api/incoming?state=received&q=THPT')).body as any[]).filter((i) => i.sourceDocumentId === doc.id)).toHaveLength(2);
  });

  it('REGISTER: the clerk only; số đến from 1; the source is acknowledged for the Sở in the same transaction', async () => {
    const dl = await incomingOf('vt.dl', doc.id);
    expect((await ev('gd.dl', dl.id, { type: 'REGISTER' })).status).toBe(403); // a leader registers nothing
    expect((await ev('vt.dl', dl.id, { type: 'ASSIGN', lead: 'KT' })).status).toBe(409); // not yet registered
    expect((await ev('vt.dl', dl.id, { type: 'REGISTER', number: 5 })).status).toBe(400); // no payload
    const r = await ev('vt.dl', dl.id, { type: 'REGISTER', expectedVersion: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'registered', incomingNumber: 1, registeredBy: 'vt.dl', version: 2 });
    expect(r.body.incomingYear).toBe(new Date().getFullYear());
    const source = (await c.as('an.nv').get(`/api/documents/${doc.id}`)).body;
    expect(source.recipients.find((x: any) => x.agencyCode === 'SGDĐT-DL').acknowledgedAt).toEqual(expect.any(String));
    const history = (await c.as('an.nv').get(`/api/documents/${doc.id}/history`)).body as any[];
    expect(history.at(-1)).toMatchObject({ event: 'ACKNOWLEDGE', actor: 'vt.dl' });
    expect(r.body.source).toMatchObject({ state: 'disseminated', acknowledgedAt: expect.any(String), reportStatus: 'pending' });
    expect((await ev('vt.dl', dl.id, { type: 'REGISTER' })).status).toBe(409);
    expect((await ev('vt.dl', dl.id, { type: 'UPDATE', comment: 'x', expectedVersion: 1 })).status).toBe(409);
    // GET /api/tasks: the Giám đốc now owes its distribution; the clerk no longer its registration.
    const tasks = (await c.as('gd.dl').get('/api/tasks')).body as any[];
    expect(tasks.find((t) => t.incomingId === dl.id)).toMatchObject({ kind: 'incoming_assign', documentId: doc.id, state: 'registered', number: '01/KH-BGDĐT' });
    expect(((await c.as('vt.dl').get('/api/tasks')).body as any[]).some((t) => t.incomingId === dl.id)).toBe(false);
  });

  it('ASSIGN: a leader of the Sở, to its own units, with a deadline; the unit then sees it', async () => {
    const dl = await incomingOf('vt.dl', doc.id);
    expect((await ev('vt.dl', dl.id, { type: 'ASSIGN', lead: 'KT' })).status).toBe(403);
    expect((await ev('gd.hn', dl.id, { type: 'ASSIGN', lead: 'KT' })).status).toBe(404); // another Sở's leader: not theirs
    const bad = await ev('gd.dl', dl.id, { type: 'ASSIGN', lead: 'QLCL', cooperating: ['KT', 'KT'], deadline: '2020-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([
      'lead: cơ quan "SGDĐT-DL" không có đơn vị "QLCL"',
      'cooperating, info: mỗi đơn vị một vai trò, không lặp lại',
      'deadline: thời hạn phải ở tương lai',
    ]);
    const r = await ev('gd.dl', dl.id, { type: 'ASSIGN', lead: 'KT', cooperating: ['VP'], workingDays: 5, instruction: 'Phòng KT chủ trì, báo cáo Giám đốc.' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'assigned', assignment: { lead: 'KT', cooperating: ['VP'], info: [], assignedBy: 'gd.dl', instruction: 'Phòng KT chủ trì, báo cáo Giám đốc.' } });
    expect(new Date(r.body.assignment.deadline).getTime()).toBeGreaterThan(Date.now() + 4 * 86_400_000);
    expect(await incomingOf('kt.dl', doc.id)).toMatchObject({ availableEvents: ['UPDATE', 'COMPLETE'] });
    const work = ((await c.as('kt.dl').get('/api/tasks')).body as any[]).find((t) => t.incomingId === dl.id);
    expect(work).toMatchObject({ kind: 'incoming_work', deadline: r.body.assignment.deadline, overdue: false });
  });

  it('UPDATE and COMPLETE: the lead unit completes with the report, which is submitted on the source', async () => {
    const dl = await incomingOf('kt.dl', doc.id);
    expectOk(await ev('kt.dl', dl.id, { type: 'UPDATE', comment: 'Đã họp với các trường THPT.' }));
    expect((await ev('kt.dl', dl.id, { type: 'UPDATE' })).status).toBe(400);
    const noReport = await ev('kt.dl', dl.id, { type: 'COMPLETE', summary: 'Đã triển khai.' });
    expect(noReport.status).toBe(400);
    expect(noReport.body.message).toEqual(['report: bắt buộc (văn bản nguồn yêu cầu cơ quan báo cáo kết quả thực hiện)']);
    expect((await c.as('an.nv').get(`/api/documents/${doc.id}`)).body.recipients[0].report.status).toBe('pending'); // nothing landed
    const done = await ev('kt.dl', dl.id, { type: 'COMPLETE', summary: 'Đã triển khai tới 52 trường.', report: 'Sở Đắk Lắk đã triển khai Kế hoạch.' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', completedBy: 'kt.dl', summary: 'Đã triển khai tới 52 trường.', availableEvents: [] });
    const source = (await c.as('an.nv').get(`/api/documents/${doc.id}`)).body;
    expect(source.state).toBe('disseminated'); // Hà Nội still owes its report
    expect(source.recipients[0].report).toMatchObject({ status: 'submitted', submittedBy: 'kt.dl', content: 'Sở Đắk Lắk đã triển khai Kế hoạch.' });
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}/history`)).body.map((e: any) => e.event)).toEqual(['RECEIVE', 'REGISTER', 'ASSIGN', 'UPDATE', 'COMPLETE']);
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}/history/verify`)).body).toEqual({ valid: true, length: 5 });
  });

  it('the phiếu giải quyết văn bản đến (Phụ lục IV VII) as a PDF: the leader’s distribution and what the unit did', async () => {
    const dl = await incomingOf('vt.dl', doc.id);
    const res = await fetch(`${h.base}/api/incoming/${dl.id}/slip.pdf`, { headers: { authorization: `Bearer ${c.token('gd.dl')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'examflow-slip-')), 'phieu.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    for (const s of [
      'SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK',
      'Số đến: 1',
      'PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN',
      'Kế hoạch số 01/KH-BGDĐT',
      'của Bộ Giáo dục và Đào tạo',
      '1. Ý kiến của lãnh đạo cơ quan, tổ chức',
      '- Giao đơn vị chủ trì: Phòng Khảo thí và Kiểm định chất lượng;',
      '- Giao các đơn vị phối hợp giải quyết: Văn phòng Sở;',
      'Ý kiến chỉ đạo: Phòng KT chủ trì, báo cáo Giám đốc.',
      '3. Ý kiến đề xuất của người giải quyết',
      'Đã họp với các trường THPT.',
      'Đã giải quyết: Đã triển khai tới 52 trường.',
    ]) {
      expect(text).toContain(s);
    }
    expect((await fetch(`${h.base}/api/incoming/${dl.id}/slip.pdf`, { headers: { authorization: `Bearer ${c.token('vt.hn')}` } })).status).toBe(404);
  });

  it('the second Sở answers too, and the Ministry’s document becomes reported from those answers', async () => {
    const hn = await incomingOf('vt.hn', doc.id);
    expect((await ev('vt.hn', hn.id, { type: 'REGISTER' })).body.incomingNumber).toBe(1); // Hà Nội's own sequence
    // It was sent to a unit of the Sở (QLCL): the clerk, in VP, received it for the Sở and acknowledged it.
    const after = (await c.as('an.nv').get(`/api/documents/${doc.id}`)).body;
    expect(after.recipients.find((x: any) => x.agencyCode === 'SGDĐT-HN').acknowledgedAt).toEqual(expect.any(String));
    expectOk(await ev('gd.hn', hn.id, { type: 'ASSIGN', lead: 'QLCL' }));
    expect((await ev('vt.hn', hn.id, { type: 'COMPLETE', summary: 'x', report: 'y' })).status).toBe(403); // not of the lead unit
    expectOk(await ev('cv.hn', hn.id, { type: 'COMPLETE', summary: 'Đã triển khai.', report: 'Sở Hà Nội đã triển khai Kế hoạch.' }));
    expect((await c.as('an.nv').get(`/api/documents/${doc.id}`)).body.state).toBe('reported');
  });

  it('the incoming register and the follow-up register of Phụ lục IV, as JSON and as CSV with a BOM', async () => {
    const year = new Date().getFullYear();
    const rows = (await c.as('vt.dl').get(`/api/registers/incoming?year=${year}`)).body as any[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      incomingNumber: 1,
      sender: 'Bộ Giáo dục và Đào tạo',
      number: '01/KH-BGDĐT',
      typeAndSummary: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
      assignedTo: 'Phòng Khảo thí và Kiểm định chất lượng (chủ trì); Văn phòng Sở (phối hợp)',
      receivedBy: 'Phòng Khảo thí và Kiểm định chất lượng',
    });
    expect(rows[0].receivedAt).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    const followUp = (await c.as('gd.dl').get(`/api/registers/follow-up?year=${year}`)).body as any[];
    expect(followUp[0]).toMatchObject({
      incomingNumber: 1,
      document: expect.stringMatching(/^Kế hoạch, số 01\/KH-BGDĐT, ngày \d\d\/\d\d\/\d{4}, Bộ Giáo dục và Đào tạo$/),
      progress: expect.stringMatching(/^Đã giải quyết ngày \d\d\/\d\d\/\d{4}: Đã triển khai tới 52 trường\.$/),
    });
    const csv = await fetch(`${h.base}/api/registers/incoming?year=${year}&format=csv`, { headers: { authorization: `Bearer ${c.token('vt.dl')}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8'); // text() would drop the BOM
    expect(text.startsWith('\uFEFFNgày đến,Số đến,Tác giả,"Số, ký hiệu văn bản",Ngày tháng văn bản,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Ngày chuyển,Ký nhận,Ghi chú\r\n')).toBe(true);
    const follow = Buffer.from(await (await fetch(`${h.base}/api/registers/follow-up?year=${year}&format=csv`, { headers: { authorization: `Bearer ${c.token('vt.dl')}` } })).arrayBuffer()).toString('utf8');
    expect(follow.split('\r\n')[0]).toBe('\uFEFFSố đến,"Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành",Đơn vị hoặc người nhận,Thời hạn giải quyết,Tiến độ giải quyết,"Số, ký hiệu văn bản trả lời",Ghi chú');
    expect((await c.as('kt.dl').get('/api/registers/incoming')).status).toBe(403);
    expect((await c.as('vt.hn').get('/api/registers/incoming?agency=SGDĐT-DL')).status).toBe(403);
  });

  it('a document answering the item (references) shows in the follow-up register as “Số ký hiệu văn bản trả lời”, once it has its number', async () => {
    const dl = await incomingOf('vt.dl', doc.id);
    const year = new Date().getFullYear();
    // Refused: a document the Sở neither issued nor received, an unknown one, an outside one without its title.
    const other = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Nội bộ Bộ' })).body;
    const bad = await c.as('kt.dl').post('/api/documents', {
      type: 'CV',
      title: 'x',
      references: [{ documentId: other.id }, { documentId: '00000000-0000-4000-8000-000000000000' }, { number: '12/UBND' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([
      expect.stringMatching(/^references\.0: không có văn bản đã ban hành/),
      expect.stringMatching(/^references\.1: không có văn bản đã ban hành/),
      'references.2: issuedAt, title required for a document from outside examflow (or give documentId)',
    ]);
    // Numbered, of the same agency, but not the actor's to read: refused as unknown (its title stays hidden).
    const internal = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn nội bộ của Cục QLCL' })).body;
    expectOk(await c.as('an.nv').event(internal.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    expectOk(await c.as('thuong.pn').event(internal.id, { type: 'SIGN' }));
    const hidden = await c.as('dung.lt').post('/api/documents', { type: 'CV', title: 'x', references: [{ documentId: internal.id }] });
    expect(hidden.status).toBe(400);
    expect(JSON.stringify(hidden.body)).not.toContain('nội bộ');
    expect((await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'y', references: [{ documentId: internal.id }] })).status).toBe(201);
    // PATCH with null withdraws them.
    const withdrawn = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'z', references: [{ documentId: internal.id }] })).body;
    const patched = await c.as('an.nv').patch(`/api/documents/${withdrawn.id}`, { references: null });
    expect(patched.status).toBe(200);
    expect(patched.body.references).toEqual([]);
    const answer = await c.as('kt.dl').post('/api/documents', {
      type: 'CV',
      title: 'Báo cáo kết quả triển khai Kế hoạch tổ chức Kỳ thi',
      references: [{ documentId: doc.id }],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.references).toEqual([{ documentId: doc.id, number: '01/KH-BGDĐT', issuedAt: expect.any(String), title: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027' }]);
    // A draft is no answer yet.
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}`)).body.answeredBy).toEqual([]);
    expectOk(await c.as('kt.dl').event(answer.body.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'gd.dl' }));
    const signed = await c.as('gd.dl').event(answer.body.id, { type: 'SIGN' });
    expectOk(signed);
    const number = signed.body.number;
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}`)).body.answeredBy).toEqual([{ documentId: answer.body.id, number }]);
    const row = ((await c.as('vt.dl').get(`/api/registers/follow-up?year=${year}`)).body as any[]).find((r) => r.incomingId === dl.id);
    expect(row.answer).toBe(number);
    // The other Sở's item is not answered by Đắk Lắk's document.
    const hn = await incomingOf('vt.hn', doc.id);
    expect((await c.as('vt.hn').get(`/api/incoming/${hn.id}`)).body.answeredBy).toEqual([]);
  });

  it('what came from outside: a clerk creates it, and may return it to its sender before it is assigned', async () => {
    const bad = await c.as('vt.dl').post('/api/incoming', { sender: '', number: '1/UBND', issuedAt: 'hôm qua', type: 'XX', title: 'x' });
    expect(bad.status).toBe(400);
    expect((await c.as('kt.dl').post('/api/incoming', { sender: 'UBND tỉnh Đắk Lắk', number: '1234/UBND-VX', issuedAt: '2027-03-01T00:00:00+07:00', type: 'CV', title: 'x' })).status).toBe(403);
    const created = await c.as('vt.dl').post('/api/incoming', {
      sender: 'UBND tỉnh Đắk Lắk',
      number: '1234/UBND-VX',
      issuedAt: '2026-11-25T00:00:00+07:00',
      type: 'CV',
      title: 'V/v phối hợp bảo đảm an ninh, an toàn Kỳ thi',
      urgency: 'urgent',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'received', sourceDocumentId: null, source: null, sender: 'UBND tỉnh Đắk Lắk', urgency: 'urgent' });
    expect((await ev('vt.dl', created.body.id, { type: 'RETURN_TO_SENDER' })).status).toBe(400); // a reason
    const returned = await ev('vt.dl', created.body.id, { type: 'RETURN_TO_SENDER', reason: 'Gửi nhầm: thuộc thẩm quyền của Sở Nội vụ.' });
    expect(returned.body).toMatchObject({ state: 'returned', returnReason: 'Gửi nhầm: thuộc thẩm quyền của Sở Nội vụ.' });
    expect((await ev('vt.dl', created.body.id, { type: 'REGISTER' })).status).toBe(409);
  });

  it('the scan of what came on paper: the clerk attaches it (ADD_FILE in the chained history), the assigned unit reads it; others may not', async () => {
    const created = (
      await c.as('vt.dl').post('/api/incoming', { sender: 'Công an tỉnh Đắk Lắk', number: '88/CAT-PA03', issuedAt: '2026-11-28T00:00:00+07:00', type: 'CV', title: 'V/v bảo vệ đề thi' })
    ).body;
    const up = (user: string, name: string, bytes: Buffer) => uploadTo(h.base, c.token(user), `/api/incoming/${created.id}/files`, { name, bytes });
    const scan = await up('vt.dl', 'Công văn 88 (bản quét).pdf', PDF);
    expect(scan.status).toBe(201);
    expect(scan.body).toMatchObject({ name: 'Công văn 88 (bản quét).pdf', contentType: 'application/pdf', size: PDF.length, uploadedBy: 'vt.dl' });
    // Another Sở's clerk does not see the item; the Sở's own officer, not assigned, may not attach; a text file is refused.
    expect((await up('vt.hn', 'x.pdf', PDF)).status).toBe(404);
    expect((await up('kt.dl', 'x.pdf', PDF)).status).toBe(404);
    expect((await up('gd.dl', 'x.pdf', PDF)).status).toBe(403);
    expect((await up('vt.dl', 'ghi-chu.txt', Buffer.from('chỉ là chữ'))).status).toBe(415);
    const item = (await c.as('vt.dl').get(`/api/incoming/${created.id}`)).body;
    expect(item.files).toEqual([scan.body]);
    expect(item.version).toBe(2);
    const history = (await c.as('vt.dl').get(`/api/incoming/${created.id}/history`)).body as any[];
    expect(history.map((e) => [e.event, e.from, e.to])).toEqual([['RECEIVE', null, 'received'], ['ADD_FILE', 'received', 'received']]);
    expect(history[1].payload).toEqual({ fileId: scan.body.id, name: scan.body.name, sha256: scan.body.sha256 });
    expect((await c.as('vt.dl').get(`/api/incoming/${created.id}/history/verify`)).body).toEqual({ valid: true, length: 2 });
    // Registered and assigned: the lead unit reads the scan and adds its own working file.
    expectOk(await ev('vt.dl', created.id, { type: 'REGISTER', expectedVersion: 2 }));
    expectOk(await ev('gd.dl', created.id, { type: 'ASSIGN', lead: 'KT', workingDays: 3 }));
    const res = await fetch(`${h.base}/api/incoming/${created.id}/files/${scan.body.id}`, { headers: { authorization: `Bearer ${c.token('kt.dl')}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
    expect(res.headers.get('etag')).toBe(`"${scan.body.sha256}"`);
    expect((await up('kt.dl', 'Dự thảo báo cáo.pdf', PDF)).status).toBe(201);
    expectOk(await ev('kt.dl', created.id, { type: 'COMPLETE', summary: 'Đã triển khai' }));
    // Answered by number and date, as a document from outside is cited; another date is another document.
    const reply = (
      await c.as('kt.dl').post('/api/documents', {
        type: 'CV',
        title: 'V/v phối hợp bảo vệ đề thi',
        references: [{ number: '88/CAT-PA03', issuedAt: '2026-11-28T08:00:00+07:00', title: 'V/v bảo vệ đề thi' }],
      })
    ).body;
    const elsewhere = (
      await c.as('kt.dl').post('/api/documents', { type: 'CV', title: 'Khác', references: [{ number: '88/CAT-PA03', issuedAt: '2025-01-02T00:00:00+07:00', title: 'Khác' }] })
    ).body;
    for (const d of [reply, elsewhere]) {
      expectOk(await c.as('kt.dl').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'gd.dl' }));
      expectOk(await c.as('gd.dl').event(d.id, { type: 'SIGN' }));
    }
    const replied = (await c.as('vt.dl').get(`/api/incoming/${created.id}`)).body.answeredBy;
    expect(replied.map((a: any) => a.documentId)).toEqual([reply.id]);
    // Done: nobody attaches any more.
    expect((await up('vt.dl', 'muộn.pdf', PDF)).status).toBe(409);
    expect((await c.as('vt.hn').get(`/api/incoming/${created.id}/files/${scan.body.id}`)).status).toBe(404);
  });

  it('twenty registrations at once take the next twenty numbers, none twice, none skipped', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await c.as('vt.hn').post('/api/incoming', { sender: 'Sở Y tế', number: `${i + 1}/SYT`, issuedAt: '2026-11-30T00:00:00+07:00', type: 'CV', title: `Công văn ${i + 1}` });
      ids.push(r.body.id);
    }
    const answers = await Promise.all(ids.map((id) => ev('vt.hn', id, { type: 'REGISTER' })));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    const numbers = answers.map((a) => a.body.incomingNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 2)); // 1 was the Ministry's plan
  });

  it('the history is hash-chained: a changed entry breaks it where it was changed', async () => {
    const dl = await incomingOf('vt.dl', doc.id);
    await h.sql(`UPDATE incoming_history SET payload = '{"comment": "sửa lén"}' WHERE incoming_id = $1 AND seq = 4`, [dl.id]);
    expect((await c.as('vt.dl').get(`/api/incoming/${dl.id}/history/verify`)).body).toEqual({ valid: false, brokenAt: 4 });
  });

  it('the unit leader’s step (Phụ lục IV VII mục 2): the lead unit’s head gives it to one of the unit, by a date; the slip prints it', async () => {
    // Phòng Khảo thí gets a Trưởng phòng (the example Sở has none).
    expectOk(await c.as('admin').put('/api/org', { users: [{ username: 'tp.kt.dl', fullName: 'Ama Hiền', agencyCode: 'SGDĐT-DL', unitCode: 'KT', position: 'unit_head', title: 'Trưởng phòng', password: PASSWORD }] }));
    await c.login('tp.kt.dl', PASSWORD);
    const item = (
      await c.as('vt.dl').post('/api/incoming', { sender: 'Sở Y tế tỉnh Đắk Lắk', number: '310/SYT-NV', issuedAt: '2026-11-27T00:00:00+07:00', type: 'CV', title: 'V/v bảo đảm y tế tại các điểm thi' })
    ).body;
    expectOk(await ev('vt.dl', item.id, { type: 'REGISTER' }));
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    expectOk(await ev('gd.dl', item.id, { type: 'ASSIGN', lead: 'KT', deadline: deadline.toISOString() }));
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
    // An officer gives nothing to anyone; the person must be of the lead unit; the date not after the unit's.
    expect((await ev('kt.dl', item.id, { type: 'UPDATE', comment: 'x', handler: 'kt.dl' })).status).toBe(403);
    const wrong = await ev('tp.kt.dl', item.id, { type: 'UPDATE', comment: 'x', handler: 'cv.hn', handlerDeadline: new Date(deadline.getTime() + 86_400_000).toISOString() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toEqual(['handler: "cv.hn" không phải người của đơn vị chủ trì', 'handlerDeadline: không được sau thời hạn giải quyết của đơn vị']);
    expect((await ev('tp.kt.dl', item.id, { type: 'UPDATE', comment: 'x', handlerDeadline: soon })).status).toBe(400);
    const given = await ev('tp.kt.dl', item.id, { type: 'UPDATE', comment: 'Đồng chí Linh phối hợp Sở Y tế, báo cáo trước ngày thi.', handler: 'kt.dl', handlerDeadline: soon });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ state: 'in_progress', handler: { username: 'kt.dl', deadline: soon, assignedBy: 'tp.kt.dl' } });
    // The person given it works it; progress is still the handler's part (3.) of the slip.
    expectOk(await ev('kt.dl', item.id, { type: 'UPDATE', comment: 'Đã làm việc với Sở Y tế.' }));
    const res = await fetch(`${h.base}/api/incoming/${item.id}/slip.pdf`, { headers: { authorization: `Bearer ${c.token('vt.dl')}` } });
    const dir = mkdtempSync(join(tmpdir(), 'slip-'));
    writeFileSync(join(dir, 'slip.pdf'), Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'slip.pdf'), '-']).toString().replace(/\s+/g, ' ');
    expect(text).toMatch(/2\. Ý kiến của lãnh đạo đơn vị - Giao cho: H’Linh Mlô \(Chuyên viên\); - Thời hạn giải quyết: \d\d\/\d\d\/\d{4}; - Ý kiến: Đồng chí Linh phối hợp Sở Y tế, báo cáo trước ngày thi\. - Ama Hiền \(Trưởng phòng\), ngày/);
    expect(text).toMatch(/3\. Ý kiến đề xuất của người giải quyết - Đã làm việc với Sở Y tế\. \(H’Linh Mlô/);
  });
});
