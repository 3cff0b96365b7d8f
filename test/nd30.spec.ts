import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, PASSWORD, seedOrg } from './support/org';

/**
 * Nghị định 30 in full (SPEC §9), end to end on workflows version 2: the
 * header data (parentName, place, symbols, a council's own series), the whole
 * of signing authority (Q., KT., TL. and TL. / KT., TUQ. with a written
 * authorisation, TM. and TM. / KT.), review before signature (Điều 12.1).
 * The seeds' headers, numbers and signature blocks come out exactly, in the
 * API and in the PDF's text (read with poppler's pdftotext).
 */
let h: Harness;
let c: ApiClient;
const dir = mkdtempSync(join(tmpdir(), 'examflow-nd30-'));
const squash = (s: string) => s.replace(/\s+/g, ' ');

const user = (username: string, agencyCode: string, unitCode: string | undefined, position: string, title: string, fullName: string) => ({
  username,
  password: PASSWORD,
  fullName,
  agencyCode,
  ...(unitCode ? { unitCode } : {}),
  position,
  title,
});

/** Kon Tum's Sở (seed 004) with the symbols it prints, its exam council, and a deputy head of the Ministry's Cục. */
const MORE = {
  agencies: [
    { code: 'SGDĐT-KT', name: 'Sở Giáo dục và Đào tạo Kon Tum', level: 'department', parentName: 'UBND tỉnh Kon Tum', place: 'Kon Tum', symbol: 'SGDĐT' },
    {
      code: 'HĐT-KT',
      name: 'Hội đồng thi tốt nghiệp THPT tỉnh Kon Tum năm 2027',
      level: 'council',
      parentName: 'Sở GD&ĐT Kon Tum', // "viết tắt những cụm từ thông dụng" (Phụ lục I II.2a)
      place: 'Kon Tum',
      symbol: 'HĐT',
      collectiveName: 'Hội đồng thi',
    },
  ],
  units: [
    { code: 'QLCL', agencyCode: 'SGDĐT-KT', name: 'Phòng Quản lý chất lượng, Giáo dục chuyên nghiệp', symbol: 'QLCLGDCN' },
    { code: 'VP', agencyCode: 'SGDĐT-KT', name: 'Văn phòng Sở' },
    { code: 'TK', agencyCode: 'HĐT-KT', name: 'Ban Thư ký' },
  ],
  users: [
    user('cv.kt', 'SGDĐT-KT', 'QLCL', 'officer', 'Chuyên viên', 'Y Điệp'),
    user('pgd.kt', 'SGDĐT-KT', undefined, 'deputy_head', 'Phó Giám đốc', 'Trần Thị Bích'),
    user('q.gd.kt', 'SGDĐT-KT', undefined, 'acting_head', 'Quyền Giám đốc', 'Lê Văn Cường'),
    user('vt.kt', 'SGDĐT-KT', 'VP', 'clerk', 'Văn thư', 'A Thị'),
    user('ct.hdt', 'HĐT-KT', undefined, 'head', 'Chủ tịch', 'Lê Văn Cường'),
    user('pct.hdt', 'HĐT-KT', undefined, 'deputy_head', 'Phó Chủ tịch', 'Trần Thị Bích'),
    user('tk.hdt', 'HĐT-KT', 'TK', 'officer', 'Thư ký', 'Y Điệp'),
    user('pho.qlcl', 'BGDĐT', 'QLCL', 'deputy_unit_head', 'Phó Cục trưởng', 'Đỗ Đức Quế'),
  ],
};

beforeAll(async () => {
  h = await startApp({ WORKFLOW_ROLLOUT: '0' }); // the product's default: the newest workflows, review before signature
  c = await seedOrg(h.base);
  expectOk(await c.as('admin').put('/api/org', MORE));
  await Promise.all(MORE.users.map((u) => c.login(u.username, PASSWORD)));
});
afterAll(() => h.close());

async function pdfText(user: string, id: string): Promise<string> {
  const res = await fetch(`${h.base}/api/documents/${id}/pdf`, { headers: { authorization: `Bearer ${c.token(user)}` } });
  expect(res.status).toBe(200);
  const file = join(dir, `${id}-${Date.now()}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return squash(execFileSync('pdftotext', ['-layout', file, '-']).toString());
}

/** A document of a type that may skip consultation, taken by `by` to its signer. */
async function submitted(by: string, type: string, title: string, signer: string, signingAuthority: string | null) {
  const d = expectOk(await c.as(by).post('/api/documents', { type, title, body: 'Nội dung văn bản.' })).body;
  return { d, r: await c.as(by).event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer, signingAuthority }) };
}

describe('the header data (SPEC §9)', () => {
  it('the organisation carries the governing body, the place and the symbols', async () => {
    const org = (await c.as('cv.kt').get('/api/org')).body;
    expect(org.agencies.find((a: any) => a.code === 'SGDĐT-KT')).toEqual({
      code: 'SGDĐT-KT', name: 'Sở Giáo dục và Đào tạo Kon Tum', level: 'department', parentName: 'UBND tỉnh Kon Tum', place: 'Kon Tum', symbol: 'SGDĐT', collectiveName: null,
    });
    expect(org.agencies.find((a: any) => a.code === 'BGDĐT')).toMatchObject({ symbol: 'BGDĐT', parentName: null });
    expect(org.units.find((u: any) => u.agencyCode === 'SGDĐT-KT' && u.code === 'QLCL')).toMatchObject({ symbol: 'QLCLGDCN' });
    const bad = await c.as('admin').put('/api/org', { agencies: [{ code: 'X', name: 'X', level: 'province', symbol: 'A/B' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/level.*symbol|symbol.*level/s);
  });

  it('seed 004: UBND TỈNH KON TUM / SỞ GIÁO DỤC VÀ ĐÀO TẠO, Số: 05/SGDĐT-QLCLGDCN, V/v …, KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC', async () => {
    let last: any;
    for (let i = 1; i <= 5; i++) {
      const { d, r } = await submitted('cv.kt', 'CV', `V/v hướng dẫn tổ chức ôn tập lần ${i}`, 'pgd.kt', 'KT');
      // The unit has no head to review it: it goes straight to the signer (Điều 12.1, SPEC §9).
      expect(expectOk(r).body.state).toBe('awaiting_signature');
      last = expectOk(await c.as('pgd.kt').event(d.id, { type: 'SIGN' })).body;
    }
    expect(last).toMatchObject({ number: '05/SGDĐT-QLCLGDCN', signingAuthority: 'KT', signatureBlock: 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Trần Thị Bích' });
    const text = await pdfText('cv.kt', last.id);
    expect(text).toMatch(/UBND TỈNH KON TUM .*SỞ GIÁO DỤC VÀ ĐÀO TẠO .*Số: 05\/SGDĐT-QLCLGDCN/);
    expect(text).not.toContain('ĐÀO TẠO KON TUM');
    expect(text).toMatch(/Kon Tum, ngày \d\d tháng \d\d? năm 20\d\d/);
    expect(text).toContain('V/v hướng dẫn tổ chức ôn tập lần 5');
    expect(text).toMatch(/KT\. GIÁM ĐỐC .*PHÓ GIÁM ĐỐC .*Trần Thị Bích/);
    expect(text).toContain('- Lưu: VT, QLCLGDCN.');
    const register = expectOk(await c.as('vt.kt').get('/api/registers/outgoing')).body;
    expect(register.map((r: any) => r.number)).toEqual(['01', '02', '03', '04', '05'].map((n) => `${n}/SGDĐT-QLCLGDCN`));
  });

  it('seed 002: a Giám đốc signs in his own name: GIÁM ĐỐC', async () => {
    const { d, r } = await submitted('kt.dl', 'CV', 'V/v triển khai Kế hoạch thi', 'gd.dl', null);
    expectOk(r);
    const signed = expectOk(await c.as('gd.dl').event(d.id, { type: 'SIGN' })).body;
    expect(signed.signatureBlock).toMatch(/^GIÁM ĐỐC \/ /);
    expect(await pdfText('kt.dl', d.id)).toMatch(/UBND TỈNH ĐẮK LẮK .*SỞ GIÁO DỤC VÀ ĐÀO TẠO .*Số: 01\/SGDĐT-DL-KT/);
  });

  it('a council issues with its own series and signs TM.; a deputy TM. / KT.; any other authority is 400 with the reason', async () => {
    const wrong = await submitted('tk.hdt', 'GM', 'Giấy mời họp Hội đồng thi', 'pct.hdt', 'KT');
    expect(wrong.r.status).toBe(400);
    expect(wrong.r.body.message.join(' ')).toContain('tổ chức tư vấn (Hội đồng, Ban) ký thay mặt tập thể: signingAuthority phải là TM');
    expectOk(await c.as('tk.hdt').event(wrong.d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'pct.hdt', signingAuthority: 'TM' }));
    const signed = expectOk(await c.as('pct.hdt').event(wrong.d.id, { type: 'SIGN' })).body;
    // Its own series: number 1, though the Sở it belongs to has issued five.
    expect(signed).toMatchObject({ number: '01/GM-HĐT', signatureBlock: 'TM. HỘI ĐỒNG THI / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trần Thị Bích' });
    const text = await pdfText('tk.hdt', wrong.d.id);
    expect(text).toMatch(/SỞ GD&ĐT KON TUM .*HỘI ĐỒNG THI TỐT NGHIỆP .*THPT TỈNH KON TUM NĂM 2027 .*Số: 01\/GM-HĐT/);
    expect(text).toMatch(/TM\. HỘI ĐỒNG THI .*KT\. CHỦ TỊCH .*PHÓ CHỦ TỊCH/);
    const own = await submitted('tk.hdt', 'GM', 'Giấy mời họp lần 2', 'ct.hdt', 'TM');
    expectOk(own.r);
    expect(expectOk(await c.as('ct.hdt').event(own.d.id, { type: 'SIGN' })).body).toMatchObject({ number: '02/GM-HĐT', signatureBlock: 'TM. HỘI ĐỒNG THI / CHỦ TỊCH / Lê Văn Cường' });
  });
});

describe('signing authority, whole (Điều 13)', () => {
  it('an acting head signs Q.; in own name is 400 with the reason', async () => {
    const { d, r } = await submitted('cv.kt', 'GM', 'Giấy mời dự hội nghị', 'q.gd.kt', null);
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('signingAuthority: người được giao quyền cấp trưởng (acting_head) ký "Q." (signingAuthority Q)');
    expectOk(await c.as('cv.kt').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'q.gd.kt', signingAuthority: 'Q' }));
    expect(expectOk(await c.as('q.gd.kt').event(d.id, { type: 'SIGN' })).body.signatureBlock).toBe('Q. GIÁM ĐỐC / Lê Văn Cường');
    // TM. is for collectives: a Sở works under its head.
    const tm = await submitted('cv.kt', 'GM', 'Giấy mời TM', 'q.gd.kt', 'TM');
    expect(tm.r.body.message.join(' ')).toMatch(/chế độ thủ trưởng/);
  });

  it('TL. by a unit head’s deputy prints KT. under it: TL. BỘ TRƯỞNG / KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG', async () => {
    const { d, r } = await submitted('an.nv', 'CV', 'V/v cung cấp số liệu', 'pho.qlcl', 'TL');
    expect(expectOk(r).body.state).toBe('awaiting_review');
    expectOk(await c.as('chinh.hv').event(d.id, { type: 'APPROVE_REVIEW' }));
    const signed = expectOk(await c.as('pho.qlcl').event(d.id, { type: 'SIGN' })).body;
    expect(signed.signatureBlock).toBe('TL. BỘ TRƯỞNG / KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG / Đỗ Đức Quế');
    const tuq = await submitted('an.nv', 'CV', 'V/v TUQ cấp phó', 'pho.qlcl', 'TUQ');
    expect(tuq.r.body.message.join(' ')).toMatch(/TUQ\. \(thừa ủy quyền\) chỉ dành cho người đứng đầu đơn vị/);
  });

  it('TUQ. only under the head’s written authorisation, for its period and its types; its number kept in the history, printed nowhere', async () => {
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const { d, r } = await submitted('em.pv', 'CV', 'V/v tập huấn cán bộ coi thi', 'dung.lt', 'TUQ');
    expect(r.status).toBe(400);
    expect(r.body.message.join(' ')).toContain('TUQ.: chưa có văn bản ủy quyền của người đứng đầu còn hiệu lực cho người ký về loại Công văn (CV)');
    // Only the head gives one, and only to a unit head.
    expect((await c.as('thuong.pn').post('/api/authorisations', { to: 'dung.lt', reference: '1/GUQ', types: ['CV'], from: inDays(-1), until: inDays(30) })).status).toBe(403);
    const toDeputy = await c.as('son.nk').post('/api/authorisations', { to: 'pho.qlcl', reference: '1/GUQ', types: ['CV'], from: inDays(-1), until: inDays(30) });
    expect(toDeputy.status).toBe(400);
    expect(toDeputy.body.message.join(' ')).toMatch(/chỉ người đứng đầu đơn vị/);
    expect((await c.as('son.nk').post('/api/authorisations', { to: 'dung.lt', reference: '1/GUQ', types: ['XX'], from: inDays(-1), until: inDays(30) })).status).toBe(400);
    // An authorisation for invitations does not cover a letter.
    const gm = expectOk(await c.as('son.nk').post('/api/authorisations', { to: 'dung.lt', reference: '07/GUQ-BGDĐT', types: ['GM'], from: inDays(-1), until: inDays(30) })).body;
    expect((await c.as('em.pv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'dung.lt', signingAuthority: 'TUQ' })).status).toBe(400);
    const cv = expectOk(await c.as('son.nk').post('/api/authorisations', { to: 'dung.lt', reference: '08/GUQ-BGDĐT', types: ['CV', 'TB'], from: inDays(-1), until: inDays(30) })).body;
    expect(cv).toMatchObject({ by: 'son.nk', to: 'dung.lt', types: ['CV', 'TB'], active: true, agencyCode: 'BGDĐT' });
    expect(expectOk(await c.as('em.pv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'dung.lt', signingAuthority: 'TUQ' })).body.state).toBe('awaiting_review');
    expectOk(await c.as('dung.lt').event(d.id, { type: 'APPROVE_REVIEW' }));
    const signed = expectOk(await c.as('dung.lt').event(d.id, { type: 'SIGN' })).body;
    expect(signed.signatureBlock).toBe('TUQ. BỘ TRƯỞNG / VỤ TRƯỞNG / Lê Thị Dung');
    const history = expectOk(await c.as('son.nk').get(`/api/documents/${d.id}/history`)).body;
    expect(history.find((e: any) => e.event === 'SUBMIT_FOR_SIGNATURE' && e.payload.authorisation)?.payload.authorisation).toEqual({ id: cv.id, reference: '08/GUQ-BGDĐT' });
    expect(history.at(-1).payload.authorisation).toEqual({ id: cv.id, reference: '08/GUQ-BGDĐT' });
    expect(await pdfText('em.pv', d.id)).not.toContain('08/GUQ');
    // Ended before the signature: the TUQ. signer signs nothing (authority is checked when used).
    const second = await submitted('dung.lt', 'CV', 'V/v lịch tập huấn', 'dung.lt', 'TUQ');
    expect(second.r.status).toBe(400); // nobody signs what they submit
    const third = await submitted('em.pv', 'CV', 'V/v lịch tập huấn', 'dung.lt', 'TUQ');
    expectOk(third.r);
    expectOk(await c.as('dung.lt').event(third.d.id, { type: 'APPROVE_REVIEW' }));
    expect(expectOk(await c.as('son.nk').delete(`/api/authorisations/${cv.id}`)).body).toMatchObject({ active: false });
    const refused = await c.as('dung.lt').event(third.d.id, { type: 'SIGN' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/văn bản ủy quyền/);
    const listed = expectOk(await c.as('dung.lt').get('/api/authorisations')).body;
    expect(listed.map((a: any) => [a.reference, a.active])).toEqual(expect.arrayContaining([['07/GUQ-BGDĐT', true], ['08/GUQ-BGDĐT', false]]));
    expect(gm.types).toEqual(['GM']);
  });
});

describe('review before signature (Điều 12.1, workflows version 2)', () => {
  async function consulted(title: string) {
    const d = expectOk(await c.as('an.nv').post('/api/documents', { type: 'KH', title })).body;
    expect(d.workflow).toEqual({ id: 'ke-hoach', version: 2 });
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    return d;
  }

  it('an officer’s submission waits for the unit head, who returns it with a reason or sends it on; seed 001’s block', async () => {
    const d = await consulted('Kế hoạch tổ chức Kỳ thi năm 2027');
    const sub = expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' })).body;
    expect(sub.state).toBe('awaiting_review');
    // The signer sees nothing yet; the unit head has a task and a notification; nobody else reviews.
    expect((await c.as('thuong.pn').event(d.id, { type: 'SIGN' })).status).toBe(409);
    expect((await c.as('thuong.pn').get('/api/signing-queue')).body.some((x: any) => x.id === d.id)).toBe(false);
    const tasks = expectOk(await c.as('chinh.hv').get('/api/tasks')).body;
    expect(tasks.find((t: any) => t.documentId === d.id)).toMatchObject({ kind: 'review', state: 'awaiting_review' });
    const notes = expectOk(await c.as('chinh.hv').get('/api/notifications')).body;
    expect(notes.some((n: any) => n.documentId === d.id && /chờ lãnh đạo đơn vị kiểm tra/.test(n.message))).toBe(true);
    expect(expectOk(await c.as('chinh.hv').get(`/api/documents/${d.id}`)).body.availableEvents.sort()).toEqual(['APPROVE_REVIEW', 'RETURN', 'WITHDRAW']);
    expect((await c.as('dung.lt').event(d.id, { type: 'APPROVE_REVIEW' })).status).toBe(403);
    expect((await c.as('an.nv').event(d.id, { type: 'APPROVE_REVIEW' })).status).toBe(403);
    expect((await c.as('chinh.hv').event(d.id, { type: 'RETURN' })).status).toBe(400);
    const back = expectOk(await c.as('chinh.hv').event(d.id, { type: 'RETURN', reason: 'Bổ sung phân công nhiệm vụ' })).body;
    expect(back).toMatchObject({ state: 'draft', signer: null });
    const returned = expectOk(await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body.at(-1);
    expect(returned).toMatchObject({ event: 'RETURN', actor: 'chinh.hv', onBehalfOf: null, payload: { reason: 'Bổ sung phân công nhiệm vụ', review: true } });
    // Revised and consulted again, submitted again: approved, then signed by the Thứ trưởng.
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    const approved = expectOk(await c.as('chinh.hv').event(d.id, { type: 'APPROVE_REVIEW', note: 'Đã kiểm tra nội dung' })).body;
    expect(approved.state).toBe('awaiting_signature');
    expect((await c.as('thuong.pn').get('/api/signing-queue')).body.some((x: any) => x.id === d.id)).toBe(true);
    const signed = expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' })).body;
    expect(signed.signatureBlock).toBe('KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng');
    expect(await pdfText('an.nv', d.id)).toMatch(/BỘ GIÁO DỤC VÀ ĐÀO TẠO .*Số: \d\d\/KH-BGDĐT .*Hà Nội, ngày/);
    const events = expectOk(await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body.map((e: any) => e.event);
    expect(events.slice(-3)).toEqual(['SUBMIT_FOR_SIGNATURE', 'APPROVE_REVIEW', 'SIGN']);
  });

  it('a unit head’s own submission goes straight to the signer', async () => {
    const d = expectOk(await c.as('chinh.hv').post('/api/documents', { type: 'GM', title: 'Giấy mời họp Cục' })).body;
    const r = expectOk(await c.as('chinh.hv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' })).body;
    expect(r.state).toBe('awaiting_signature');
  });

  it('the drafter may still withdraw it under review', async () => {
    const d = await consulted('Kế hoạch rút lại');
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' }));
    expect(expectOk(await c.as('an.nv').event(d.id, { type: 'WITHDRAW', reason: 'Không còn cần' })).body.state).toBe('withdrawn');
  });
});

describe('every type of Phụ lục III', () => {
  it('each drafts, and numbers with its abbreviation; a công văn without one', async () => {
    const types = ['NQ', 'QĐ', 'CT', 'QC', 'QyĐ', 'TC', 'TB', 'HD', 'CTr', 'KH', 'PA', 'ĐA', 'DA', 'BC', 'BB', 'TTr', 'HĐ', 'CĐ', 'BGN', 'BTT', 'GUQ', 'GM', 'GGT', 'GNP', 'PG', 'PC', 'PB', 'CV'];
    for (const type of types) {
      const d = await c.as('kt.dl').post('/api/documents', { type, title: `Văn bản loại ${type}` });
      expect([type, d.status]).toEqual([type, 201]);
    }
    const cd = await submitted('kt.dl', 'CĐ', 'Công điện về việc bảo đảm an toàn kỳ thi', 'pgd.dl', 'KT');
    expectOk(cd.r);
    expect(expectOk(await c.as('pgd.dl').event(cd.d.id, { type: 'SIGN' })).body.number).toMatch(/^\d\d\/CĐ-SGDĐT-DL$/);
    expect(await pdfText('kt.dl', cd.d.id)).toContain('CÔNG ĐIỆN');
    const qd = expectOk(await c.as('kt.dl').post('/api/documents', { type: 'QyĐ', title: 'Quy định coi thi' })).body;
    expect(qd.availableEvents).not.toContain('SUBMIT_FOR_SIGNATURE'); // a Quy định is consulted on first
    expect((await c.as('kt.dl').post('/api/documents', { type: 'XX', title: 'x' })).status).toBe(400);
  });
});
