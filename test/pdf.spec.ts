import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, startApp, type ApiClient, type Harness } from './support/harness';
import { documentAwaitingSignature, expectOk, seedOrg } from './support/org';
import { governingBodyOf, numberLine, parseBody, placeDateLine, placeOf, provinceOf } from '../libs/pdf/src/layout';

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
    expect(flat).toMatch(/Hà Nội, ngày +tháng +năm 2027/);
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
    ({ text } = await pdf('an.nv', d.id));
    flat = squash(text);
    for (const s of ['- Sở Giáo dục và Đào tạo Đắk Lắk;', '- Phòng Quản lý chất lượng, Sở Giáo dục và Đào tạo Hà Nội;', '- Vụ Giáo dục Trung học;', '- Lưu: VT, QLCL.']) {
      expect(flat).toContain(s);
    }
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
    expect(flat).toContain('UBND TỈNH ĐẮK LẮK');
    // The agency's name wraps in its column, as the decree allows for a long one.
    expect(flat).toMatch(/SỞ GIÁO DỤC VÀ ĐÀO TẠO .*ĐẮK LẮK Số:/);
    expect(flat).toMatch(/Đắk Lắk, ngày +tháng/);
    expect(flat).toContain('- Lưu: VT, KT.');
  });
});

describe('the layout, as data', () => {
  it('writes the date as Phụ lục I does: days below 10 and the months 1 and 2 with a 0', () => {
    const at = (iso: string) => new Date(iso);
    expect(placeDateLine('Hà Nội', at('2027-03-05T03:00:00Z'), 2027)).toBe('Hà Nội, ngày 05 tháng 3 năm 2027');
    expect(placeDateLine('Hà Nội', at('2027-01-15T03:00:00Z'), 2027)).toBe('Hà Nội, ngày 15 tháng 01 năm 2027');
    expect(placeDateLine('Hà Nội', at('2027-02-09T03:00:00Z'), 2027)).toBe('Hà Nội, ngày 09 tháng 02 năm 2027');
    expect(placeDateLine('Hà Nội', at('2027-12-31T03:00:00Z'), 2027)).toBe('Hà Nội, ngày 31 tháng 12 năm 2027');
    // The date is Vietnam's: 20:00 UTC on 31 December is 1 January there.
    expect(placeDateLine('Kon Tum', at('2026-12-31T20:00:00Z'), 2027)).toBe('Kon Tum, ngày 01 tháng 01 năm 2027');
    expect(placeDateLine('Hà Nội', null, 2027)).toBe('Hà Nội, ngày      tháng      năm 2027');
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
