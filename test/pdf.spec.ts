import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, startApp, type ApiClient, type Harness } from './support/harness';
import { ORG, documentAwaitingSignature, expectOk, seedOrg } from './support/org';
import forge from 'node-forge';
import { basisLines, governingBodyOf, numberLine, parseBody, placeDateLine, placeOf, provinceOf, recipientLines } from '../libs/pdf/src/layout';
import { CertificatesService, issue, makeCa, parseCertificate, signatureFields, stillCurrent } from '../libs/pki/src';
import { encodePng, redSealPng } from './support/png';

/**
 * The document as a PDF in the layout of Nghị định 30 Phụ lục I (SPEC §6,
 * issue 13), read from outside with poppler: pdftotext for the words and
 * their order, pdffonts for the embedded font.
 */
let h: Harness;
let c: ApiClient;
const clock = new FixedClock(new Date('2027-03-05T03:00:00Z')); // 10:00 in Hà Nội
const dir = mkdtempSync(join(tmpdir(), 'examflow-pdf-'));

beforeAll(async () => {
  h = await startApp({}, { clock });
  c = await seedOrg(h.base);
});
afterAll(() => h.close());

async function pdf(user: string, id: string): Promise<{ file: string; text: string; res: Response }> {
  const res = await fetch(`${h.base}/api/documents/${id}/pdf`, { headers: { authorization: `Bearer ${c.token(user)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const file = join(dir, `${id}-${Date.now()}.pdf`);
  writeFileSync(file, bytes);
  const text = res.status === 200 ? execFileSync('pdftotext', ['-layout', file, '-']).toString() : '';
  return { file, text, res };
}
const squash = (s: string) => s.replace(/\s+/g, ' ');

const BODY = [
  'Căn cứ Quy chế thi tốt nghiệp trung học phổ thông hiện hành, Bộ Giáo dục và Đào tạo ban hành Kế hoạch tổ chức Kỳ thi như sau:',
  'I. MỤC ĐÍCH, YÊU CẦU',
  '1. Mục đích',
  'a) Đánh giá kết quả học tập của người học theo mục tiêu giáo dục của chương trình giáo dục phổ thông;',
  'II. TỔ CHỨC THỰC HIỆN',
  ...Array.from({ length: 30 }, (_, i) => `${i + 1}. Các Sở Giáo dục và Đào tạo triển khai nhiệm vụ thứ ${i + 1} theo đúng tiến độ, báo cáo kết quả về Bộ Giáo dục và Đào tạo.`),
].join('\n');

describe('the PDF of a document', () => {
  it('a draft: Quốc hiệu, the agency, a blank number and date, the type and title, the body, DỰ THẢO on every page', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Tổ chức Kỳ thi tốt nghiệp THPT năm 2027', body: BODY, urgency: 'urgent' })).body;
    const { file, text, res } = await pdf('an.nv', d.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="Du-thao-KH.pdf"/);
    const flat = squash(text);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BỘ GIÁO DỤC VÀ ĐÀO TẠO', 'KẾ HOẠCH', 'Tổ chức Kỳ thi tốt nghiệp THPT năm 2027', 'KHẨN', 'I. MỤC ĐÍCH, YÊU CẦU', 'Nơi nhận:', '- Lưu: VT, QLCL.']) {
      expect(flat).toContain(s);
    }
    expect(flat).toMatch(/Số: +\/KH-BGDĐT/);
    expect(flat).toMatch(/Hà Nội, ngày +tháng +năm( |$)/);
    // The agency and the Quốc hiệu share the first line; the number and the date the next but one.
    const lines = text.split('\n').filter((l) => l.trim());
    expect(lines.find((l) => l.includes('BỘ GIÁO DỤC VÀ ĐÀO TẠO'))).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines.find((l) => /Số:/.test(l))).toMatch(/Hà Nội, ngày/);
    // Two pages at least, each marked; page 2 numbered at its top, page 1 not.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) {
      const page = execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-']).toString();
      expect(page).toContain('DỰ THẢO');
      const head = page.split('\n').filter((l) => l.trim()).slice(0, 2).join(' ');
      if (p === 1) expect(head).not.toMatch(/^\s*1\s/);
      else expect(head).toMatch(new RegExp(`(^|\\s)${p}(\\s|$)`));
    }
    // Tinos, embedded (a subset), in its four faces as used.
    const fonts = execFileSync('pdffonts', [file]).toString();
    expect(fonts).toMatch(/Tinos/);
    expect(fonts.split('\n').filter((l) => /Tinos/.test(l)).every((l) => /\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/.test(l))).toBe(true);
  });

  it('signed: its number and date, the signature block; disseminated: the recipients in Nơi nhận', async () => {
    const d = await documentAwaitingSignature(c, 'Tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2027');
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
    let { text } = await pdf('thuong.pn', d.id);
    let flat = squash(text);
    expect(flat).toContain('Số: 01/KH-BGDĐT');
    expect(flat).toContain('Hà Nội, ngày 05 tháng 3 năm 2027');
    expect(flat).not.toContain('DỰ THẢO');
    for (const s of ['KT. BỘ TRƯỞNG', 'THỨ TRƯỞNG', 'Phạm Ngọc Thưởng']) expect(flat).toContain(s);
    expectOk(
      await c.as('khanh.vt').event(d.id, {
        type: 'DISSEMINATE',
        recipients: [
          { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
          { agencyCode: 'SGDĐT-HN', unitCode: 'QLCL', purpose: 'implement' },
          { unitCode: 'GDTrH', purpose: 'coordinate' },
        ],
        reportDeadline: new Date('2027-03-20T10:00:00Z').toISOString(),
      }),
    );
    // Signed with no recipients proposed (Part one's flow): the PDF keeps the Nơi nhận it was signed with.
    ({ text } = await pdf('an.nv', d.id));
    flat = squash(text);
    expect(flat).toContain('Số: 01/KH-BGDĐT');
    expect(flat).toContain('- Lưu: VT, QLCL.');
    expect(flat).not.toContain('Đắk Lắk');
    // Whoever may not read the document gets no PDF of it either.
    expect((await pdf('vt.dl', (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Nội bộ' })).body.id)).res.status).toBe(403);
  });

  it('a công văn: "V/v" under the number, "Kính gửi:", no type name', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'V/v hướng dẫn đăng ký dự thi', body: 'Bộ Giáo dục và Đào tạo hướng dẫn như sau.' })).body;
    const flat = squash((await pdf('an.nv', d.id)).text);
    expect(flat).toContain('V/v hướng dẫn đăng ký dự thi');
    expect(flat).not.toContain('V/v V/v');
    expect(flat).toContain('Kính gửi:');
    expect(flat).toMatch(/Số: +\/BGDĐT-QLCL/);
    expect(flat).not.toContain('CÔNG VĂN');
  });

  it('a Sở: its governing body above it, its province as the place', async () => {
    const d = (await c.as('kt.dl').post('/api/documents', { type: 'KH', title: 'Tổ chức thi tại Đắk Lắk' })).body;
    const flat = squash((await pdf('kt.dl', d.id)).text);
    // As the Sở print it: the province is in the governing body's line, not repeated under it.
    expect(flat).toMatch(/UBND TỈNH ĐẮK LẮK .*SỞ GIÁO DỤC VÀ ĐÀO TẠO .*Số:/);
    expect(flat).not.toContain('ĐÀO TẠO ĐẮK LẮK');
    expect(flat).toMatch(/Đắk Lắk, ngày +tháng +năm/);
    expect(flat).toContain('- Lưu: VT, KT.');
  });
});

describe('Nơi nhận is part of what the leader signs (SPEC §7)', () => {
  it('proposed in the draft and at SUBMIT_FOR_SIGNATURE, printed in the signed PDF, sent to by DISSEMINATE as they are', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'KH', title: 'Kế hoạch có Nơi nhận đề xuất' })).body;
    // In the draft: a unit and an agency; an unknown agency is named.
    const bad = await c.as('an.nv').patch(`/api/documents/${d.id}`, { recipients: [{ agencyCode: 'SGDĐT-XX', purpose: 'implement' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['recipients.0.agencyCode: không có cơ quan "SGDĐT-XX"']);
    const patched = await c.as('an.nv').patch(`/api/documents/${d.id}`, {
      recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { unitCode: 'GDTrH', purpose: 'coordinate' }],
      reportDeadline: '2027-03-30T10:00:00.000Z',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.proposedRecipients).toEqual([
      { agencyCode: 'SGDĐT-DL', unitCode: null, purpose: 'implement' },
      { agencyCode: 'BGDĐT', unitCode: 'GDTrH', purpose: 'coordinate' },
    ]);
    expect(squash((await pdf('an.nv', d.id)).text)).toContain('- Sở Giáo dục và Đào tạo Đắk Lắk;');
    expectOk(await c.as('an.nv').event(d.id, { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['TTr'], workingDays: 2 }));
    expectOk(await c.as('hai.nt').event(d.id, { type: 'GIVE_OPINION', agree: true }));
    // At submission, the proposal is settled: the Sở in Hà Nội joins.
    const submitted = await c.as('an.nv').event(d.id, {
      type: 'SUBMIT_FOR_SIGNATURE',
      signer: 'thuong.pn',
      signingAuthority: 'KT',
      recipients: [
        { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
        { agencyCode: 'SGDĐT-HN', purpose: 'implement' },
        { unitCode: 'GDTrH', purpose: 'coordinate' },
      ],
    });
    expectOk(submitted);
    expect(submitted.body.proposedRecipients).toHaveLength(3);
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
    const signed = squash((await pdf('an.nv', d.id)).text);
    for (const line of ['- Sở Giáo dục và Đào tạo Đắk Lắk;', '- Sở Giáo dục và Đào tạo Hà Nội;', '- Vụ Giáo dục Trung học (để p/h);', '- Lưu: VT, QLCL.']) {
      expect(signed).toContain(line);
    }
    // DISSEMINATE may name them again, but not others.
    const other = await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }] });
    expect(other.status).toBe(400);
    expect(other.body.message).toEqual([
      'recipients: thiếu "SGDĐT-HN:implement" của Nơi nhận đã ký',
      'recipients: thiếu "BGDĐT/GDTrH:coordinate" của Nơi nhận đã ký',
    ]);
    const sent = await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE' });
    expectOk(sent);
    expect(sent.body.recipients.map((r: any) => [r.agencyCode, r.unitCode, r.purpose])).toEqual([
      ['SGDĐT-DL', null, 'implement'],
      ['SGDĐT-HN', null, 'implement'],
      ['BGDĐT', 'GDTrH', 'coordinate'],
    ]);
    // The report deadline proposed in the draft.
    expect(sent.body.reportDeadline).toBe('2027-03-30T10:00:00.000Z');
  });

  it('refuses what could not be sent as signed; withdraws a proposal; names a malformed recipient', async () => {
    const d = (await c.as('an.nv').post('/api/documents', { type: 'CV', title: 'Công văn thử đề xuất' })).body;
    const nullUnit = await c.as('an.nv').patch(`/api/documents/${d.id}`, { recipients: [{ unitCode: null, purpose: 'implement' }] });
    expect(nullUnit.status).toBe(400);
    expect(nullUnit.body.message.join(' ')).toMatch(/recipients\.0\.unitCode/);
    const proposed = await c.as('an.nv').patch(`/api/documents/${d.id}`, { recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }], reportDeadline: '2027-03-30T10:00:00.000Z' });
    expect(proposed.body.proposedRecipients).toHaveLength(1);
    const withdrawn = await c.as('an.nv').patch(`/api/documents/${d.id}`, { recipients: null, reportDeadline: null });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ proposedRecipients: null, proposedReportDeadline: null });
    // Implementing recipients owe a report by a date: signed without one, they could not be sent as signed.
    const noDeadline = await c.as('an.nv').event(d.id, {
      type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT', recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }],
    });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.body.message[0]).toMatch(/^reportDeadline: bắt buộc/);
  });

  it('a signature examflow does not vouch for is not valid, whatever its mathematics', async () => {
    const certificates = h.app.get(CertificatesService);
    const foreign = await issue(await makeCa('CA lạ'), { commonName: 'Người lạ' });
    expect(await certificates.vouchesFor(forge.pki.certificateToPem(foreign.certificate))).toBe(false);
    const ours = (await h.sql(`SELECT certificate_pem AS pem FROM certificates WHERE holder_kind = 'user' LIMIT 1`))[0].pem;
    expect(await certificates.vouchesFor(ours)).toBe(true);
  });

  it('a certificate that no longer says who signs is issued anew, and what the old one signed stays valid', async () => {
    const certOf = async () => (await h.sql(`SELECT certificate_pem AS pem, source FROM certificates WHERE holder_kind = 'user' AND holder = 'phuc.hm'`))[0];
    const first = await documentAwaitingSignature(c, 'Ký trước khi đổi chức danh', 'KH', 'phuc.hm');
    expectOk(await c.as('phuc.hm').event(first.id, { type: 'SIGN' }));
    const before = await certOf();
    expect((await c.as('phuc.hm').get('/api/me/certificate')).body.subject).toContain('title=Thứ trưởng');

    // The title changes: the next signature carries the new one, from a new certificate.
    const user = ORG.users.find((u) => u.username === 'phuc.hm')!;
    expectOk(await c.as('admin').put('/api/org', { agencies: [], units: [], users: [{ ...user, password: undefined, title: 'Thứ trưởng Thường trực' }] }));
    const second = await documentAwaitingSignature(c, 'Ký sau khi đổi chức danh', 'KH', 'phuc.hm');
    expectOk(await c.as('phuc.hm').event(second.id, { type: 'SIGN' }));
    const after = await certOf();
    expect(after.pem).not.toBe(before.pem);
    expect((await c.as('phuc.hm').get('/api/me/certificate')).body.subject).toContain('title=Thứ trưởng Thường trực');
    expect(await h.sql(`SELECT source FROM retired_certificates WHERE holder = 'phuc.hm' AND certificate_pem = $1`, [before.pem])).toEqual([{ source: 'issued' }]);
    for (const id of [first.id, second.id]) {
      expect((await c.as('an.nv').get(`/api/documents/${id}/signature`)).body.pdf.signatures.map((s: any) => s.valid)).toEqual([true]);
    }
    // The same subject signs again with the same certificate.
    const third = await documentAwaitingSignature(c, 'Ký lần nữa', 'KH', 'phuc.hm');
    expectOk(await c.as('phuc.hm').event(third.id, { type: 'SIGN' }));
    expect((await certOf()).pem).toBe(after.pem);

    // One from a CA the deployment no longer uses is replaced too.
    const foreign = await issue(await makeCa('CA cũ'), { commonName: 'Hoàng Minh Phúc', title: 'Thứ trưởng Thường trực', organization: 'Bộ Giáo dục và Đào tạo' });
    await h.sql(`UPDATE certificates SET certificate_pem = $1 WHERE holder_kind = 'user' AND holder = 'phuc.hm'`, [forge.pki.certificateToPem(foreign.certificate)]);
    const fourth = await documentAwaitingSignature(c, 'Ký sau khi đổi CA', 'KH', 'phuc.hm');
    expectOk(await c.as('phuc.hm').event(fourth.id, { type: 'SIGN' }));
    const renewed = parseCertificate((await certOf()).pem);
    expect(renewed.issuer.getField('CN').value).not.toBe('CA cũ');

    // A certificate the signer brought is theirs to renew: expired, the signature is refused in words.
    const expired = await issue(await makeCa('CA thật'), { commonName: 'Hoàng Minh Phúc' }, new Date('2020-01-01T00:00:00Z'));
    await h.sql(`UPDATE certificates SET certificate_pem = $1, source = 'imported' WHERE holder_kind = 'user' AND holder = 'phuc.hm'`, [forge.pki.certificateToPem(expired.certificate)]);
    const fifth = await documentAwaitingSignature(c, 'Ký bằng chứng thư hết hạn', 'KH', 'phuc.hm');
    const refused = await c.as('phuc.hm').event(fifth.id, { type: 'SIGN' });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/Chứng thư số bạn đăng ký đã hết hạn ngày 31\/12\/2022: đăng ký chứng thư mới/);
    expect((await c.as('an.nv').get(`/api/documents/${fifth.id}`)).body.state).toBe('awaiting_signature'); // nothing was lost
  });

  it('an issued certificate is current while in force for a day more, for the same name, title and agency, from the same CA', async () => {
    const ca = await makeCa('CA');
    const subject = { commonName: 'Phạm Ngọc Thưởng', title: 'Thứ trưởng', organization: 'Bộ Giáo dục và Đào tạo' };
    const made = await issue(ca, subject, new Date('2027-01-01T00:00:00Z')); // in force to about 2029-12-31
    expect(stillCurrent(made.certificate, subject, ca, new Date('2027-06-01T00:00:00Z'))).toBe(true);
    expect(stillCurrent(made.certificate, subject, ca, new Date(made.certificate.validity.notAfter.getTime() - 2 * 86_400_000))).toBe(true);
    expect(stillCurrent(made.certificate, subject, ca, new Date(made.certificate.validity.notAfter.getTime() - 3600_000))).toBe(false);
    expect(stillCurrent(made.certificate, { ...subject, title: 'Bộ trưởng' }, ca, new Date('2027-06-01T00:00:00Z'))).toBe(false);
    expect(stillCurrent(made.certificate, { ...subject, commonName: 'Phạm Ngọc Thưởng (2)' }, ca, new Date('2027-06-01T00:00:00Z'))).toBe(false);
    expect(stillCurrent(made.certificate, { ...subject, organization: 'Sở' }, ca, new Date('2027-06-01T00:00:00Z'))).toBe(false);
    expect(stillCurrent(made.certificate, subject, await makeCa('CA'), new Date('2027-06-01T00:00:00Z'))).toBe(false); // same name, another key
  });

  it('a document signed with none proposed still needs them at DISSEMINATE', async () => {
    const d = await documentAwaitingSignature(c, 'Không đề xuất Nơi nhận');
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
    const r = await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE' });
    expect(r.status).toBe(400);
    expect(r.body.message).toEqual(['recipients: bắt buộc (văn bản được ký không kèm Nơi nhận đề xuất)']);
  });
});

describe('the layout, as data', () => {
  it('writes the date as Phụ lục I does: days below 10 and the months 1 and 2 with a 0', () => {
    const at = (iso: string) => new Date(iso);
    expect(placeDateLine('Hà Nội', at('2027-03-05T03:00:00Z'))).toBe('Hà Nội, ngày 05 tháng 3 năm 2027');
    expect(placeDateLine('Hà Nội', at('2027-01-15T03:00:00Z'))).toBe('Hà Nội, ngày 15 tháng 01 năm 2027');
    expect(placeDateLine('Hà Nội', at('2027-02-09T03:00:00Z'))).toBe('Hà Nội, ngày 09 tháng 02 năm 2027');
    expect(placeDateLine('Hà Nội', at('2027-12-31T03:00:00Z'))).toBe('Hà Nội, ngày 31 tháng 12 năm 2027');
    // The date is Vietnam's: 20:00 UTC on 31 December is 1 January there.
    expect(placeDateLine('Kon Tum', at('2026-12-31T20:00:00Z'))).toBe('Kon Tum, ngày 01 tháng 01 năm 2027');
    expect(placeDateLine('Hà Nội', null)).toBe('Hà Nội, ngày      tháng      năm       ');
  });

  it('writes Kính gửi and Nơi nhận as a văn thư does: Như trên, the purpose or the note in brackets, Lưu last', () => {
    const r = (name: string, purpose: any, extra: Partial<{ note: string; main: boolean; ownUnitCode: string }> = {}) => ({
      name,
      purpose,
      note: extra.note ?? null,
      main: extra.main ?? false,
      ownUnitCode: extra.ownUnitCode ?? null,
    });
    expect(
      recipientLines('KH', 'QLCL', [
        r('Các sở GDĐT', 'implement'),
        r('Bộ trưởng', 'report_to'),
        r('Các Thứ trưởng', 'coordinate', { note: 'để p/h chỉ đạo' }),
        r('Cục CNTT', 'direct'),
        r('Bộ Công an', 'info'),
        r('Thanh tra', 'archive', { ownUnitCode: 'TTr' }),
        r('Văn phòng', 'archive', { ownUnitCode: 'QLCL' }),
      ]),
    ).toEqual({
      kinhGui: false,
      addressees: [],
      recipients: ['- Các sở GDĐT;', '- Bộ trưởng (để b/c);', '- Các Thứ trưởng (để p/h chỉ đạo);', '- Cục CNTT (để c/đ);', '- Bộ Công an (để biết);', '- Lưu: VT, QLCL, TTr.'],
    });
    // A plan's `main` is no Kính gửi; a tờ trình's is; a công văn naming none takes those that implement.
    expect(recipientLines('KH', 'QLCL', [r('Sở A', 'implement', { main: true })]).recipients).toEqual(['- Sở A;', '- Lưu: VT, QLCL.']);
    expect(recipientLines('TTr', 'QLCL', [r('Thủ tướng Chính phủ', 'report_to', { main: true })])).toEqual({
      kinhGui: true,
      addressees: ['Thủ tướng Chính phủ'],
      recipients: ['- Như trên;', '- Lưu: VT, QLCL.'],
    });
    expect(recipientLines('CV', 'QLCL', [r('Sở A', 'implement'), r('Sở B', 'coordinate')])).toEqual({
      kinhGui: true,
      addressees: ['Sở A'],
      recipients: ['- Như trên;', '- Sở B (để p/h);', '- Lưu: VT, QLCL.'],
    });
    expect(recipientLines('CV', 'QLCL', [])).toEqual({ kinhGui: true, addressees: [], recipients: ['- Lưu: VT, QLCL.'] });
  });

  it('numbers, places and governing bodies', () => {
    expect(numberLine('01/KH-BGDĐT', 'KH', 'BGDĐT', 'QLCL')).toBe('Số: 01/KH-BGDĐT');
    expect(numberLine(null, 'CV', 'BGDĐT', 'QLCL')).toBe('Số:       /BGDĐT-QLCL');
    expect(provinceOf('Sở Giáo dục và Đào tạo Đắk Lắk')).toBe('Đắk Lắk');
    expect(provinceOf('Sở Giáo dục và Đào tạo thành phố Hà Nội')).toBe('Hà Nội');
    expect(placeOf({ name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' })).toBe('Hà Nội');
    expect(placeOf({ name: 'Sở Giáo dục và Đào tạo Hồ Chí Minh', level: 'department' })).toBe('Thành phố Hồ Chí Minh');
    expect(governingBodyOf({ name: 'Sở Giáo dục và Đào tạo Hà Nội', level: 'department' })).toBe('UBND THÀNH PHỐ HÀ NỘI');
    expect(governingBodyOf({ name: 'Sở Giáo dục và Đào tạo Kon Tum', level: 'department' })).toBe('UBND TỈNH KON TUM');
    expect(governingBodyOf({ name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' })).toBeNull();
  });

  it('writes the căn cứ as Phụ lục I II.6a has them: type, number, date, issuer, summary; ";" then "." last; only for the types that open with them', () => {
    const refs = [
      { number: '01/KH-BGDĐT', issuedAt: '2027-01-05T03:00:00Z', title: 'Tổ chức Kỳ thi tốt nghiệp THPT năm 2027', typeName: 'Kế hoạch', issuer: 'Bộ Giáo dục và Đào tạo' },
      { number: '45/UBND-VX', issuedAt: '2027-03-01T03:00:00Z', title: 'V/v phối hợp bảo đảm an ninh Kỳ thi' },
    ];
    expect(basisLines('QĐ', refs, 'Điều 1. Ban hành…')).toEqual([
      'Căn cứ Kế hoạch số 01/KH-BGDĐT ngày 05 tháng 01 năm 2027 của Bộ Giáo dục và Đào tạo về tổ chức Kỳ thi tốt nghiệp THPT năm 2027;',
      'Căn cứ Công văn số 45/UBND-VX ngày 01 tháng 3 năm 2027 về việc phối hợp bảo đảm an ninh Kỳ thi.',
    ]);
    // The type read from an outside number; a title that already says "về …" is not said twice.
    expect(basisLines('QĐ', [{ number: '15/QĐ-UBND', issuedAt: null, title: 'về thành lập Ban Chỉ đạo' }, { number: '07', issuedAt: null, title: 'Quy chế thi' }], '')).toEqual([
      'Căn cứ Quyết định số 15/QĐ-UBND về thành lập Ban Chỉ đạo;',
      'Căn cứ văn bản số 07 về quy chế thi.',
    ]);
    // A công văn cites in its text; one the body already cites is not printed twice.
    expect(basisLines('CV', refs, '')).toEqual([]);
    expect(basisLines('KH', refs, 'Thực hiện Kế hoạch số 01/KH-BGDĐT…')).toEqual(['Căn cứ Công văn số 45/UBND-VX ngày 01 tháng 3 năm 2027 về việc phối hợp bảo đảm an ninh Kỳ thi.']);
  });

  it('prints a decision’s căn cứ under its title, in italics, before its text', async () => {
    const plan = await documentAwaitingSignature(c, 'Tổ chức Kỳ thi thử năm 2027');
    const signed = expectOk(await c.as('thuong.pn').event(plan.id, { type: 'SIGN' })).body;
    const d = expectOk(
      await c.as('an.nv').post('/api/documents', {
        type: 'QĐ',
        title: 'Thành lập Ban Chỉ đạo thi thử',
        body: 'Điều 1. Thành lập Ban Chỉ đạo.',
        references: [{ documentId: plan.id }, { number: '45/UBND-VX', issuedAt: '2027-03-01T00:00:00+07:00', title: 'V/v phối hợp bảo đảm an ninh Kỳ thi' }],
      }),
    ).body;
    const flat = squash((await pdf('an.nv', d.id)).text);
    expect(flat).toContain(`QUYẾT ĐỊNH Thành lập Ban Chỉ đạo thi thử Căn cứ Kế hoạch số ${signed.number} ngày 05 tháng 3 năm 2027 của Bộ Giáo dục và Đào tạo về tổ chức Kỳ thi thử năm 2027;`);
    expect(flat).toContain('Căn cứ Công văn số 45/UBND-VX ngày 01 tháng 3 năm 2027 về việc phối hợp bảo đảm an ninh Kỳ thi. Điều 1. Thành lập Ban Chỉ đạo.');
  });

  it('reads the structure of the body from the plain text typed', () => {
    expect(parseBody('Căn cứ Luật Giáo dục;\n\nI. MỤC ĐÍCH\n1. Mục đích\n1. Các Sở tổ chức thi.\na) Đánh giá;\n- Tổ chức nghiêm túc;\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế thi.')).toEqual([
      { kind: 'paragraph', text: 'Căn cứ Luật Giáo dục;' },
      { kind: 'heading', text: 'I. MỤC ĐÍCH' },
      { kind: 'subheading', text: '1. Mục đích' },
      { kind: 'paragraph', text: '1. Các Sở tổ chức thi.' },
      { kind: 'paragraph', text: 'a) Đánh giá;' },
      { kind: 'paragraph', text: '- Tổ chức nghiêm túc;' },
      { kind: 'paragraph', lead: 'Điều 1.', text: 'Ban hành kèm theo Quyết định này Quy chế thi.' },
    ]);
    expect(parseBody('IV. KINH PHÍ')[0].kind).toBe('heading');
    expect(parseBody('Việc này')[0].kind).toBe('paragraph'); // a word starting with V is not a Roman numeral
  });
});

describe('signatures a PDF reader verifies', () => {
  /** An NSS database that trusts `caPem`, as a reader would after installing the CA. */
  function trusting(...caPems: string[]): string {
    const db = mkdtempSync(join(dir, 'nss-'));
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    caPems.forEach((pem, i) => {
      const file = join(db, `ca-${i}.pem`);
      writeFileSync(file, pem);
      execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', `ca-${i}`, '-t', 'CT,C,C', '-i', file]);
    });
    return db;
  }
  const pdfsig = (nss: string, file: string) => {
    try {
      return execFileSync('pdfsig', ['-nssdir', nss, file]).toString();
    } catch (e) {
      return String((e as { stdout?: Buffer }).stdout ?? '');
    }
  };
  const blocks = (report: string) => report.split(/Signature #\d+:/).slice(1);
  const sha = (b: Buffer) => require('node:crypto').createHash('sha256').update(b).digest('hex') as string;
  const bytesOf = async (user: string, id: string) =>
    Buffer.from(await (await fetch(`${h.base}/api/documents/${id}/pdf`, { headers: { authorization: `Bearer ${c.token(user)}` } })).arrayBuffer());

  it('SIGN stores the PDF signed by the signer; DISSEMINATE adds the agency; pdfsig finds both valid and trusted', async () => {
    const caPem = await (await fetch(`${h.base}/api/ca.pem`)).text();
    expect(caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const nss = trusting(caPem);
    const d = await documentAwaitingSignature(c, 'Tổ chức thi, ký số');
    const signedAnswer = await c.as('thuong.pn').event(d.id, { type: 'SIGN' });
    expectOk(signedAnswer);
    const first = await bytesOf('an.nv', d.id);
    expect((await bytesOf('thuong.pn', d.id)).equals(first)).toBe(true); // the same bytes every time
    const history = (await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body as any[];
    expect(history.find((e) => e.event === 'SIGN').payload.pdfSha256).toBe(sha(first));
    let file = join(dir, 'signed.pdf');
    writeFileSync(file, first);
    let report = blocks(pdfsig(nss, file));
    expect(report).toHaveLength(1);
    expect(report[0]).toContain('Signer Certificate Common Name: Phạm Ngọc Thưởng');
    expect(report[0]).toMatch(/title=Thứ trưởng/);
    expect(report[0]).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report[0]).toContain('Signing Hash Algorithm: SHA-256');
    expect(report[0]).toContain('Signature is Valid.');
    expect(report[0]).toContain('Certificate is Trusted.');
    // Without the CA, the signature still holds, but its issuer is nobody the reader knows.
    expect(pdfsig(trusting(), file)).toMatch(/Signature is Valid\.[\s\S]*Certificate issuer (is unknown|isn't Trusted)/);

    expectOk(await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }], reportDeadline: '2027-03-20T10:00:00.000Z' }));
    const second = await bytesOf('an.nv', d.id);
    expect(second.subarray(0, first.length).equals(first)).toBe(true); // an incremental update: the signed bytes stay
    const entries = (await c.as('an.nv').get(`/api/documents/${d.id}/history`)).body as any[];
    expect(entries.find((e) => e.event === 'DISSEMINATE').payload.pdfSha256).toBe(sha(second));
    file = join(dir, 'disseminated.pdf');
    writeFileSync(file, second);
    report = blocks(pdfsig(nss, file));
    expect(report).toHaveLength(2);
    expect(report[1]).toContain('Signer Certificate Common Name: Bộ Giáo dục và Đào tạo');
    for (const r of report) {
      expect(r).toContain('Signature is Valid.');
      expect(r).toContain('Certificate is Trusted.');
    }
    expect(report[1]).toContain('Total document signed');

    // GET /signature reports them; verify holds.
    const signature = (await c.as('an.nv').get(`/api/documents/${d.id}/signature`)).body;
    expect(signature.valid).toBe(true);
    expect(signature.pdf.signatures.map((s: any) => [s.signer, s.valid])).toEqual([
      ['Phạm Ngọc Thưởng', true],
      ['Bộ Giáo dục và Đào tạo', true],
    ]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body.valid).toBe(true);

    // One byte changed inside the signed range: pdfsig says so of both; so does examflow once it is stored.
    const flipped = Buffer.from(second);
    flipped[1200] ^= 0x01;
    file = join(dir, 'flipped.pdf');
    writeFileSync(file, flipped);
    report = blocks(pdfsig(nss, file));
    expect(report.every((r) => !r.includes('Signature is Valid.'))).toBe(true);
    const [{ chunk }] = await h.sql(`SELECT chunks[1] AS chunk FROM file_blobs WHERE sha256 = $1`, [sha(second)]);
    await h.sql(`UPDATE file_chunks SET data = $2 WHERE sha256 = $1`, [chunk, flipped.subarray(0, Math.min(flipped.length, 512 * 1024))]);
    const after = (await c.as('an.nv').get(`/api/documents/${d.id}/signature`)).body;
    expect(after.valid).toBe(false);
    expect(after.pdf.signatures.every((s: any) => s.valid === false)).toBe(true);
    const verdict = (await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body;
    expect(verdict).toEqual({ valid: false, brokenAt: entries.find((e) => e.event === 'DISSEMINATE').seq });
    // Pointing the document at another stored file is caught too (the SIGN entry names the signed one).
    await h.sql(`UPDATE document_pdfs SET blob_sha256 = $2 WHERE document_id = $1 AND stage = 'signed'`, [d.id, sha(second)]);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/history/verify`)).body).toEqual({
      valid: false,
      brokenAt: entries.find((e) => e.event === 'SIGN').seq,
    });
  });

  it('a PKCS#12 from another CA (made here with openssl) signs in place of the built-in certificate', async () => {
    const ca = mkdtempSync(join(dir, 'ca-'));
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: ca, stdio: 'pipe' });
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/C=VN/O=Ban Co yeu thu nghiem/CN=CA thu nghiem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'user.key', '-out', 'user.csr', '-subj', '/C=VN/O=Bo Giao duc va Dao tao/CN=Pham Ngoc Thuong (OpenSSL)');
    writeFileSync(join(ca, 'ext.cnf'), 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n');
    run('x509', '-req', '-in', 'user.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'user.pem', '-days', '30', '-extfile', 'ext.cnf');
    run('pkcs12', '-export', '-inkey', 'user.key', '-in', 'user.pem', '-certfile', 'ca.pem', '-out', 'user.p12', '-passout', 'pass:mat-khau-p12', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1');
    const p12 = require('node:fs').readFileSync(join(ca, 'user.p12')) as Buffer;
    const put = (passphrase: string) => {
      const form = new FormData();
      form.append('passphrase', passphrase);
      form.append('file', new Blob([new Uint8Array(p12)]), 'chu-ky-so.p12');
      return fetch(`${h.base}/api/me/certificate`, { method: 'PUT', headers: { authorization: `Bearer ${c.token('thuong.pn')}` }, body: form });
    };
    const officerForm = new FormData();
    officerForm.append('passphrase', 'mat-khau-p12');
    officerForm.append('file', new Blob([new Uint8Array(p12)]), 'chu-ky-so.p12');
    const officer = await fetch(`${h.base}/api/me/certificate`, { method: 'PUT', headers: { authorization: `Bearer ${c.token('an.nv')}` }, body: officerForm });
    expect(officer.status).toBe(403); // an officer signs nothing
    const wrong = await put('sai');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as any).message[0]).toMatch(/không đọc được tệp PKCS#12/);
    const ok = await put('mat-khau-p12');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ subject: expect.stringContaining('CN=Pham Ngoc Thuong (OpenSSL)'), source: 'imported' });
    expect((await c.as('thuong.pn').get('/api/me/certificate')).body.source).toBe('imported');

    const d = await documentAwaitingSignature(c, 'Ký bằng chứng thư của CA khác');
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
    const file = join(dir, 'openssl-signed.pdf');
    writeFileSync(file, await bytesOf('thuong.pn', d.id));
    const report = blocks(pdfsig(trusting(require('node:fs').readFileSync(join(ca, 'ca.pem'), 'utf8')), file));
    expect(report[0]).toContain('Signer Certificate Common Name: Pham Ngoc Thuong (OpenSSL)');
    expect(report[0]).toContain('Signature is Valid.');
    expect(report[0]).toContain('Certificate is Trusted.');
    // examflow's own CA does not vouch for it.
    const examflowCa = await (await fetch(`${h.base}/api/ca.pem`)).text();
    expect(blocks(pdfsig(trusting(examflowCa), file))[0]).toMatch(/Certificate issuer (is unknown|isn't Trusted)/);
  });
});

describe('the images the signatures show (Phụ lục I ô 7c, ô 8)', () => {
  const upload = (user: string, path: string, png: Buffer, widthMm?: string) => {
    const form = new FormData();
    if (widthMm !== undefined) form.append('widthMm', widthMm);
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'con-dấu.png');
    return fetch(`${h.base}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${c.token(user)}` }, body: form });
  };
  const get = (user: string, path: string) => fetch(`${h.base}${path}`, { headers: { authorization: `Bearer ${c.token(user)}` } });
  const imagesOf = (bytes: Buffer) => {
    const file = join(dir, `images-${Date.now()}.pdf`);
    writeFileSync(file, bytes);
    return execFileSync('pdfimages', ['-list', file]).toString();
  };

  it('an administrator uploads the seal, a signer their signature; SIGN and DISSEMINATE place them', async () => {
    const seal = redSealPng(300, 200); // 300 px at 200 dpi: 38.1 mm on paper
    expect((await upload('khanh.vt', '/api/agencies/BGDĐT/seal', seal)).status).toBe(403); // the clerk keeps the seal, the admin sets its image
    expect((await upload('admin', '/api/agencies/KHONG-CO/seal', seal)).status).toBe(404);
    const put = await upload('admin', '/api/agencies/BGDĐT/seal', seal);
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ width: 300, height: 300, widthMm: 38.1, uploadedBy: 'admin' });
    const back = await get('khanh.vt', '/api/agencies/BGDĐT/seal');
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(back.headers.get('x-width-mm')).toBe('38.1');
    expect(Buffer.from(await back.arrayBuffer()).equals(seal)).toBe(true);
    expect((await get('vt.dl', '/api/agencies/BGDĐT/seal')).status).toBe(403); // another agency's people

    const signature = encodePng({ width: 200, height: 80, colorType: 6, samples: Array.from({ length: 200 * 80 }, (_, i) => [20, 40, 200, (i % 200) > 40 && (i % 200) < 160 && Math.floor(i / 200) % 20 < 6 ? 255 : 0]).flat() });
    expect((await upload('an.nv', '/api/me/signature-image', signature)).status).toBe(403); // an officer signs nothing
    const mine = await upload('thuong.pn', '/api/me/signature-image', signature, '45');
    expect(mine.status).toBe(200);
    expect((await mine.json()).widthMm).toBe(45);

    const d = await documentAwaitingSignature(c, 'Ký với hình ảnh chữ ký và dấu');
    expectOk(await c.as('thuong.pn').event(d.id, { type: 'SIGN' }));
    const signed = Buffer.from(await (await get('an.nv', `/api/documents/${d.id}/pdf`)).arrayBuffer());
    expect(imagesOf(signed)).toMatch(/image\s+200\s+80\s+rgb[\s\S]*smask\s+200\s+80\s+gray/);
    expectOk(await c.as('khanh.vt').event(d.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }], reportDeadline: '2027-03-20T10:00:00.000Z' }));
    const issued = Buffer.from(await (await get('an.nv', `/api/documents/${d.id}/pdf`)).arrayBuffer());
    expect(imagesOf(issued)).toMatch(/image\s+300\s+300\s+rgb/);
    const [signer, agency] = signatureFields(issued);
    expect(agency.page).toBe(signer.page);
    expect(agency.rect[2] - agency.rect[0]).toBeCloseTo(38.1 * (72 / 25.4), 0);
    expect((await c.as('an.nv').get(`/api/documents/${d.id}/signature`)).body.pdf.signatures.map((s: any) => s.valid)).toEqual([true, true]);

    // The trail names who changed them.
    const trail = (await c.as('admin').get('/api/audit?limit=50')).body as any[];
    expect(trail.find((e) => e.action === 'seal.change')).toMatchObject({ actor: 'admin', target: 'agency:BGDĐT' });
    expect(trail.find((e) => e.action === 'signature_image.change')).toMatchObject({ actor: 'thuong.pn', target: 'user:thuong.pn' });

    // Removed, the next documents are back to the drawn seal and the name.
    expect((await fetch(`${h.base}/api/agencies/BGDĐT/seal`, { method: 'DELETE', headers: { authorization: `Bearer ${c.token('admin')}` } })).status).toBe(204);
    expect((await fetch(`${h.base}/api/me/signature-image`, { method: 'DELETE', headers: { authorization: `Bearer ${c.token('thuong.pn')}` } })).status).toBe(204);
    expect((await get('admin', '/api/agencies/BGDĐT/seal')).status).toBe(404);
    expect((await get('thuong.pn', '/api/me/signature-image')).status).toBe(404);
    const next = await documentAwaitingSignature(c, 'Ký sau khi gỡ hình ảnh');
    expectOk(await c.as('thuong.pn').event(next.id, { type: 'SIGN' }));
    expectOk(await c.as('khanh.vt').event(next.id, { type: 'DISSEMINATE', recipients: [{ agencyCode: 'SGDĐT-HN', purpose: 'implement' }], reportDeadline: '2027-03-20T10:00:00.000Z' }));
    const plain = Buffer.from(await (await get('an.nv', `/api/documents/${next.id}/pdf`)).arrayBuffer());
    expect(imagesOf(plain).split('\n').filter((l) => /\bimage\b/.test(l))).toHaveLength(0);
    expect(signatureFields(plain)).toHaveLength(2);
  });

  it('refuses what it cannot place, and says why', async () => {
    const refuse = async (res: Response, status: number, pattern: RegExp) => {
      expect(res.status).toBe(status);
      expect(JSON.stringify(await res.json())).toMatch(pattern);
    };
    await refuse(await upload('admin', '/api/agencies/BGDĐT/seal', Buffer.from('%PDF-1.7 not an image, but long enough to be looked at')), 400, /không phải tệp PNG/);
    await refuse(await upload('admin', '/api/agencies/BGDĐT/seal', encodePng({ width: 2, height: 2, colorType: 2, samples: new Array(12).fill(255) })), 400, /nền trong suốt/);
    await refuse(await upload('admin', '/api/agencies/BGDĐT/seal', redSealPng(40), '500'), 400, /widthMm/);
    await refuse(await upload('admin', '/api/agencies/BGDĐT/seal', Buffer.alloc(3 * 1024 * 1024, 1)), 413, /2 MB/);
    const empty = new FormData();
    empty.append('file', new Blob([]), 'rong.png');
    await refuse(await fetch(`${h.base}/api/agencies/BGDĐT/seal`, { method: 'PUT', headers: { authorization: `Bearer ${c.token('admin')}` }, body: empty }), 400, /tệp rỗng/);
    expect((await get('admin', '/api/agencies/BGDĐT/seal')).status).toBe(404); // nothing was kept
  });
});
