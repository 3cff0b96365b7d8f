import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, startApp, type ApiClient, type Harness } from './support/harness';
import { expectOk, seedOrg } from './support/org';

/**
 * Recipients as they are written (SPEC §7, issue 14): agencies, units,
 * people, external bodies and groups, each for a purpose, with a note and
 * Kính gửi; printed in the signed PDF as a văn thư writes Nơi nhận (read
 * back with pdftotext), delivered to each member of a group, acknowledged
 * and reported by whoever each is (the issuing clerk for a body outside
 * examflow).
 */
let h: Harness;
let c: ApiClient;
const clock = new FixedClock(new Date('2027-03-05T03:00:00Z'));
const dir = mkdtempSync(join(tmpdir(), 'examflow-recipients-'));

beforeAll(async () => {
  h = await startApp({}, { clock });
  c = await seedOrg(h.base);
  for (const u of ['gd.hn', 'vt.hn']) await c.login(u, 'MatKhau#2026');
});
afterAll(() => h.close());

async function pdfText(id: string): Promise<string> {
  const res = await fetch(`${h.base}/api/documents/${id}/pdf`, { headers: { authorization: `Bearer ${c.token('an.nv')}` } });
  const file = join(dir, `${id}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}
/** The Nơi nhận column's entries (the left part of the page's foot), a long one joined from its wrapped lines. */
function noiNhan(text: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.trim().startsWith('Nơi nhận:'));
  const out: string[] = [];
  for (const line of lines.slice(from + 1)) {
    if (!/^\S/.test(line)) continue; // the signature block alone on a line: the right column
    const left = line.trim().split(/\s{3,}/)[0];
    if (left.startsWith('- ')) out.push(left);
    else if (out.length && !/[;.]$/.test(out[out.length - 1])) out[out.length - 1] += ` ${left}`;
  }
  return out;
}

async function signedPlan(title: string, recipients: unknown[], type = 'KH') {
  const d = (await c.as('an.nv').post('/api/documents', { type, title })).body;
  if (type !== 'CV') {
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
  }
  const submitted = await c.as('an.nv').event(d.id, {
    type: 'SUBMIT_FOR_SIGNATURE',
    signer: 'thuong.pn',
    signingAuthority: 'KT',
    recipients,
    reportDeadline: '2027-03-25T10:00:00.000Z',
  });
  expectOk(submitted);
  expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
  return d.id as string;
}

describe('recipients as they are written', () => {
  it('a group, people, an external body and archiving units: printed as written, delivered to each', async () => {
    const id = await signedPlan('Kế hoạch gửi nhiều loại nơi nhận', [
      { groupCode: 'CAC-SO-GDDT', purpose: 'implement' },
      { username: 'son.nk', purpose: 'report_to' },
      { groupCode: 'CAC-THU-TRUONG', purpose: 'coordinate', note: 'để p/h chỉ đạo' },
      { externalCode: 'BCA-A03', purpose: 'info' },
      { unitCode: 'TTr', purpose: 'archive' },
    ]);
    expect(noiNhan(await pdfText(id))).toEqual([
      '- Các sở GDĐT;',
      '- Bộ trưởng (để b/c);',
      '- Các Thứ trưởng (để p/h chỉ đạo);',
      '- Cục An ninh chính trị nội bộ (A03), Bộ Công an (để biết);', // wrapped in its column
      '- Lưu: VT, QLCL, TTr.',
    ]);

    expectOk(await c.as('khanh.vt').event(id, { type: 'DISSEMINATE' }));
    const doc = (await c.as('an.nv').get(`/api/documents/${id}`)).body;
    const who = doc.recipients.map((r: any) => [r.agencyCode, r.unitCode, r.username, r.externalCode, r.groupCode, r.purpose, r.note, r.report?.status ?? null]);
    expect(who).toEqual([
      ['SGDĐT-DL', null, null, null, 'CAC-SO-GDDT', 'implement', null, 'pending'],
      ['SGDĐT-HN', null, null, null, 'CAC-SO-GDDT', 'implement', null, 'pending'],
      ['BGDĐT', null, 'son.nk', null, null, 'report_to', null, null],
      ['BGDĐT', null, 'thuong.pn', null, 'CAC-THU-TRUONG', 'coordinate', 'để p/h chỉ đạo', null],
      ['BGDĐT', null, 'phuc.hm', null, 'CAC-THU-TRUONG', 'coordinate', 'để p/h chỉ đạo', null],
      [null, null, null, 'BCA-A03', null, 'info', null, null],
      ['BGDĐT', 'TTr', null, null, null, 'archive', null, null],
    ]);
    // The history keeps Nơi nhận as written: the group once.
    const history = (await c.as('an.nv').get(`/api/documents/${id}/history`)).body as any[];
    expect(history.find((e) => e.event === 'DISSEMINATE').payload.recipients).toHaveLength(5);

    // A person acknowledges for themself only; the people of the Sở for the Sở.
    // (The Minister, head of the issuing agency, may also recall it: SPEC §9.)
    expect((await c.as('son.nk').get(`/api/documents/${id}`)).body.availableEvents).toEqual(['ACKNOWLEDGE', 'RECALL']);
    expectOk(await c.as('son.nk').event(id, { type: 'ACKNOWLEDGE' }));
    expectOk(await c.as('phuc.hm').event(id, { type: 'ACKNOWLEDGE' }));
    const after = (await c.as('an.nv').get(`/api/documents/${id}`)).body.recipients;
    expect(after.filter((r: any) => r.acknowledgedAt).map((r: any) => r.username)).toEqual(['son.nk', 'phuc.hm']);
    // The Bộ trưởng was told of it, a person among the recipients.
    const told = (await c.as('son.nk').get('/api/notifications')).body as any[];
    expect(told.some((n) => n.documentId === id)).toBe(true);

    // The clerk records for the body outside examflow, naming it.
    expect((await c.as('khanh.vt').get(`/api/documents/${id}`)).body.availableEvents).toContain('ACKNOWLEDGE');
    const unnamed = await c.as('khanh.vt').event(id, { type: 'ACKNOWLEDGE' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toEqual(['externalCode: bắt buộc khi văn thư ghi nhận thay một cơ quan ngoài hệ thống']);
    const wrong = await c.as('khanh.vt').event(id, { type: 'ACKNOWLEDGE', externalCode: 'BCA-A05' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toEqual(['externalCode: "BCA-A05" không phải nơi nhận ngoài hệ thống của văn bản này']);
    expectOk(await c.as('khanh.vt').event(id, { type: 'ACKNOWLEDGE', externalCode: 'BCA-A03' }));
    expect((await c.as('khanh.vt').event(id, { type: 'ACKNOWLEDGE', externalCode: 'BCA-A03' })).status).toBe(409);
    // Nobody else records for it: an officer of the Ministry is no clerk.
    expect((await c.as('an.nv').event(id, { type: 'ACKNOWLEDGE', externalCode: 'BCA-A03' })).status).toBe(403);

    // The group's members report; the last report makes it reported.
    expectOk(await c.as('kt.dl').event(id, { type: 'SUBMIT_REPORT', content: 'Sở Đắk Lắk đã triển khai.' }));
    expectOk(await c.as('cv.hn').event(id, { type: 'SUBMIT_REPORT', content: 'Sở Hà Nội đã triển khai.' }));
    expect((await c.as('an.nv').get(`/api/documents/${id}`)).body.state).toBe('reported');
  });

  it('a công văn: Kính gửi its main recipients, then Nơi nhận from "- Như trên;"', async () => {
    const id = await signedPlan(
      'V/v chuẩn bị tổ chức thi',
      [
        { agencyCode: 'SGDĐT-DL', purpose: 'implement', main: true },
        { externalCode: 'UBND-DL', purpose: 'coordinate', main: true },
        { username: 'son.nk', purpose: 'report_to' },
      ],
      'CV',
    );
    const text = await pdfText(id);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toMatch(/Kính gửi: - Sở Giáo dục và Đào tạo Đắk Lắk; - UBND tỉnh Đắk Lắk\./);
    expect(noiNhan(text)).toEqual(['- Như trên;', '- Bộ trưởng (để b/c);', '- Lưu: VT, QLCL.']);
  });

  it('an external body that implements: the clerk records its report, and the document is reported', async () => {
    const id = await signedPlan('Kế hoạch phối hợp với UBND tỉnh', [{ externalCode: 'UBND-DL', purpose: 'implement' }]);
    expectOk(await c.as('khanh.vt').event(id, { type: 'DISSEMINATE' }));
    expect((await c.as('khanh.vt').get(`/api/documents/${id}`)).body.availableEvents).toEqual(['ACKNOWLEDGE', 'SUBMIT_REPORT']);
    expect((await c.as('vt.dl').event(id, { type: 'SUBMIT_REPORT', content: 'x', externalCode: 'UBND-DL' })).status).toBe(403); // another agency's clerk
    expectOk(await c.as('khanh.vt').event(id, { type: 'SUBMIT_REPORT', content: 'UBND tỉnh đã báo cáo bằng văn bản số 12/UBND-VX.', externalCode: 'UBND-DL' }));
    const doc = (await c.as('an.nv').get(`/api/documents/${id}`)).body;
    expect(doc.state).toBe('reported');
    expect(doc.recipients[0]).toMatchObject({ externalCode: 'UBND-DL', report: { status: 'submitted', submittedBy: 'khanh.vt' } });
    expect(doc.recipients[0].acknowledgedAt).toEqual(expect.any(String));
  });

  it('someone reached twice is delivered to once, implementing when either naming has them implement', async () => {
    const id = await signedPlan('Kế hoạch gửi nhóm và một Sở trong nhóm', [
      { groupCode: 'CAC-SO-GDDT', purpose: 'info' },
      { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
    ]);
    expectOk(await c.as('khanh.vt').event(id, { type: 'DISSEMINATE' }));
    const doc = (await c.as('an.nv').get(`/api/documents/${id}`)).body;
    expect(doc.recipients.map((r: any) => [r.agencyCode, r.purpose, r.groupCode, r.report?.status ?? null])).toEqual([
      ['SGDĐT-DL', 'implement', null, 'pending'],
      ['SGDĐT-HN', 'info', 'CAC-SO-GDDT', null],
    ]);
  });

  it('each recipient is exactly one thing that exists, none twice; a bad one is a 400 naming it', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Nơi nhận sai' })).body;
    const bad = await c.as('an.nv').patch(`/api/documents/${d.id}`, {
      recipients: [
        { agencyCode: 'SGDĐT-DL', externalCode: 'BCA', purpose: 'info' },
        { purpose: 'info' },
        { externalCode: 'KHONG-CO', purpose: 'info' },
        { groupCode: 'KHONG-CO', purpose: 'info' },
        { username: 'ai.do', purpose: 'info' },
        { externalCode: null, purpose: 'info' },
        { groupCode: 'CAC-SO-GDDT', purpose: 'viec' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^recipients\.5\.externalCode/), expect.stringMatching(/^recipients\.6\.purpose/)]),
    );
    const unknown = await c.as('an.nv').patch(`/api/documents/${d.id}`, {
      recipients: [
        { agencyCode: 'SGDĐT-DL', externalCode: 'BCA', purpose: 'info' },
        { purpose: 'info' },
        { externalCode: 'KHONG-CO', purpose: 'info' },
        { groupCode: 'KHONG-CO', purpose: 'info' },
        { username: 'ai.do', purpose: 'info' },
      ],
    });
    expect(unknown.body.message).toEqual([
      'recipients.0: chỉ một trong agencyCode / unitCode, externalCode, groupCode, username',
      'recipients.1.agencyCode: bắt buộc một trong agencyCode / unitCode, externalCode, groupCode, username',
    ]);
    const missing = await c.as('an.nv').patch(`/api/documents/${d.id}`, {
      recipients: [
        { externalCode: 'KHONG-CO', purpose: 'info' },
        { groupCode: 'KHONG-CO', purpose: 'info' },
        { username: 'ai.do', purpose: 'info' },
      ],
    });
    expect(missing.body.message).toEqual([
      'recipients.0.externalCode: không có cơ quan ngoài hệ thống "KHONG-CO"',
      'recipients.1.groupCode: không có nhóm nơi nhận "KHONG-CO"',
      'recipients.2.username: không có người dùng "ai.do" (đang hoạt động, thuộc một cơ quan)',
    ]);
    const twice = await c.as('an.nv').patch(`/api/documents/${d.id}`, {
      recipients: [
        { externalCode: 'BCA', purpose: 'info' },
        { externalCode: 'BCA', purpose: 'info' },
      ],
    });
    expect(twice.body.message).toEqual(['recipients.1: nơi nhận lặp lại']);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}`)).body.proposedRecipients).toBeNull();
  });
});
