import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import forge from 'node-forge';
import { InvalidInput } from '../libs/domain/src';
import { decodePng } from '../libs/pdf/src/png';
import { renderPdf } from '../libs/pdf/src/render';
import { drawnSeal, sealAppearance, signerAppearance } from '../libs/pdf/src/stamps';
import { issue, makeCa, pdfSignatures, signatureFields, signPdf } from '../libs/pki/src';
import { PdfDict, readXref } from '../libs/pki/src/pdf-objects';
import { addSignatureField } from '../libs/pki/src/signature-field';
import { encodePng, redSealPng } from './support/png';

/**
 * The signatures' appearance (Phụ lục I ô 7c, ô 8) and the PDF structure
 * they are written into, without a server: PNGs decoded from every form a
 * file can take, the incremental updates read back by examflow and by
 * poppler, the pixels of the seal where the decree puts it.
 */
const dir = mkdtempSync(join(tmpdir(), 'examflow-stamps-'));
const at = new Date('2027-03-05T03:00:00Z');

function rgbaOf(decoded: ReturnType<typeof decodePng>) {
  return { rgb: [...inflateSync(decoded.image.rgb)], alpha: [...inflateSync(decoded.image.alpha!)] };
}

describe('PNG images of a signature or a seal', () => {
  const pixels = [
    [255, 0, 0, 255],
    [0, 255, 0, 128],
    [0, 0, 255, 0],
    [10, 20, 30, 255],
    [200, 100, 50, 10],
    [1, 2, 3, 4],
  ];

  it.each([0, 1, 2, 3, 4, 'each'] as const)('reads RGBA written with filter %s', (filter) => {
    // 3 × 2 pixels: every filter meets a left, an upper and an upper-left neighbour.
    const png = encodePng({ width: 3, height: 2, colorType: 6, samples: pixels.flat(), filter });
    const { rgb, alpha } = rgbaOf(decodePng(png));
    expect(rgb).toEqual(pixels.flatMap((p) => p.slice(0, 3)));
    expect(alpha).toEqual(pixels.map((p) => p[3]));
  });

  it('reads 16-bit RGBA, grey with alpha, a palette with tRNS, grey and RGB with a transparent colour key', () => {
    const wide = encodePng({ width: 2, height: 1, colorType: 6, depth: 16, samples: [65535, 0, 256, 65535, 0, 32768, 0, 0], filter: 4 });
    expect(rgbaOf(decodePng(wide))).toEqual({ rgb: [255, 0, 1, 0, 128, 0], alpha: [255, 0] });

    const grey = encodePng({ width: 2, height: 1, colorType: 4, samples: [90, 255, 200, 0] });
    expect(rgbaOf(decodePng(grey))).toEqual({ rgb: [90, 90, 90, 200, 200, 200], alpha: [255, 0] });

    const palette = encodePng({ width: 3, height: 1, colorType: 3, samples: [0, 1, 2], palette: [255, 0, 0, 0, 0, 255, 9, 9, 9], trns: [0, 255] });
    expect(rgbaOf(decodePng(palette))).toEqual({ rgb: [255, 0, 0, 0, 0, 255, 9, 9, 9], alpha: [0, 255, 255] });

    const keyedGrey = encodePng({ width: 2, height: 1, colorType: 0, samples: [255, 7], trns: [0, 255] });
    expect(rgbaOf(decodePng(keyedGrey)).alpha).toEqual([0, 255]);

    const keyedRgb = encodePng({ width: 2, height: 1, colorType: 2, samples: [1, 2, 3, 255, 255, 255], trns: [0, 255, 0, 255, 0, 255] });
    expect(rgbaOf(decodePng(keyedRgb)).alpha).toEqual([255, 0]);

    expect(decodePng(redSealPng(20, 600)).dpi).toBe(600);
    expect(decodePng(redSealPng(20)).dpi).toBeNull();
  });

  it('refuses, with the reason, what is not a PNG it can place', () => {
    const refusal = (bytes: Buffer) => {
      try {
        decodePng(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidInput);
        return (e as InvalidInput).messages[0];
      }
      throw new Error('accepted');
    };
    expect(refusal(Buffer.from('GIF89a not a png at all, long enough to be read'))).toMatch(/không phải tệp PNG/);
    // A white background would cover the text under the seal: Phụ lục I asks for a transparent one.
    expect(refusal(encodePng({ width: 1, height: 1, colorType: 2, samples: [255, 255, 255] }))).toMatch(/nền trong suốt/);
    expect(refusal(encodePng({ width: 1, height: 1, colorType: 6, samples: [0, 0, 0, 0], interlace: true }))).toMatch(/xen kẽ/);
    const good = redSealPng(8);
    expect(refusal(good.subarray(0, good.length - 30))).toMatch(/cắt cụt|hỏng|thiếu/);
    const corrupt = Buffer.from(good);
    const idat = good.indexOf('IDAT') + 4;
    corrupt.fill(0xff, idat + 2, idat + 8); // inside the first IDAT, past the zlib header: the deflate stream is broken
    expect(refusal(corrupt)).toMatch(/hỏng|thiếu/);
    // A scanline filter outside 0–4.
    const badFilter = encodePng({ width: 1, height: 1, colorType: 6, samples: [0, 0, 0, 0], filter: 7 as never });
    expect(refusal(badFilter)).toMatch(/bộ lọc/);
    expect(refusal(encodePng({ width: 4000, height: 1, colorType: 4, samples: new Array(8000).fill(0) }))).toMatch(/3000/);
  });
});

describe('PDF objects', () => {
  it('reads a dictionary as written: nested values, strings with brackets, names, references', () => {
    const d = PdfDict.parse('<< /Type /Page /Kids [1 0 R 2 0 R] /T (a \\) >> [ (b)) /N << /Inner <</X 1>> >> /H <FEFF00E1> /R 12 0 R /F 4 /B true >>');
    expect(d.get('Type')).toBe('/Page');
    expect(d.get('Kids')).toBe('[1 0 R 2 0 R]');
    expect(d.get('T')).toBe('(a \\) >> [ (b))');
    expect(d.get('N')).toBe('<< /Inner <</X 1>> >>');
    expect(d.get('H')).toBe('<FEFF00E1>');
    expect(d.get('R')).toBe('12 0 R');
    expect(d.get('F')).toBe('4');
    expect(d.get('B')).toBe('true');
    expect(PdfDict.parse(d.set('F', '132').toString()).get('F')).toBe('132');
  });
});

describe('the signatures on the page', () => {
  const paper = {
    draft: false,
    governingBody: 'UBND TỈNH NGHỆ AN',
    agency: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO',
    numberLine: 'Số: 01/KH-SGDĐT',
    placeDateLine: 'Nghệ An, ngày 05 tháng 3 năm 2027',
    typeName: 'KẾ HOẠCH',
    title: 'Tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
    kinhGui: false,
    addressees: [],
    basis: [],
    body: [{ kind: 'paragraph' as const, text: 'Nội dung kế hoạch.' }],
    signature: { lines: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Nguyễn Văn Thưởng' },
    recipients: ['- Bộ GD&ĐT;', '- Lưu: VT, KTKĐ.'],
  };
  let ca: Awaited<ReturnType<typeof makeCa>>;
  beforeAll(async () => {
    ca = await makeCa('CA thử');
  });

  /** The page rendered by poppler at 72 dpi: one RGB pixel per point, y from the top. */
  function raster(pdf: Buffer, page: number): { width: number; height: number; at: (x: number, y: number) => [number, number, number] } {
    const file = join(dir, `p-${Date.now()}-${Math.random()}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '72', '-f', String(page + 1), '-l', String(page + 1), '-singlefile', file, file]);
    const ppm = readFileSync(`${file}.ppm`);
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const data = ppm.subarray(header[0].length);
    return { width, height, at: (x, y) => [0, 1, 2].map((k) => data[(Math.round(y) * width + Math.round(x)) * 3 + k]) as [number, number, number] };
  }
  /** How many pixels of a PDF-space rectangle look like `kind` of ink. */
  function ink(page: ReturnType<typeof raster>, rect: number[], kind: 'red' | 'blue'): number {
    let count = 0;
    for (let x = rect[0]; x < rect[2]; x++) {
      for (let y = rect[1]; y < rect[3]; y++) {
        const [r, g, b] = page.at(x, page.height - y);
        if (kind === 'red' ? r > 150 && g < 90 && b < 90 : b > 120 && r < 80) count++;
      }
    }
    return count;
  }

  it('a signature whose CMS ends in a zero byte is read whole, not cut at the placeholder’s zero padding', async () => {
    // One RSA signature in 256 ends in 0x00: sign until one does (the reason changes what is signed).
    const { pdf } = await renderPdf(paper, { urgency: 'normal', at, subject: 'x' });
    const signer = await issue(ca, { commonName: 'Nguyễn Văn Thưởng', title: 'Phó Giám đốc', organization: 'Sở GD&ĐT Nghệ An' });
    let found: Buffer | null = null;
    for (let i = 0; i < 4000 && !found; i++) {
      const signed = await signPdf(pdf, signer, { reason: `Ký ban hành ${i}`, name: 'Nguyễn Văn Thưởng', location: 'Nghệ An', at });
      const text = signed.toString('latin1');
      const [, , b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text)!.slice(0, 4).map(Number);
      const bytes = Buffer.from(text.slice(b + 1, c - 1), 'hex');
      const length = forge.asn1.toDer(forge.asn1.fromDer(bytes.toString('binary'), { strict: false, parseAllBytes: false } as never)).length();
      if (bytes[length - 1] === 0) found = signed;
    }
    expect(found).not.toBeNull();
    expect(pdfSignatures(found!).map((x) => x.valid)).toEqual([true]);
  }, 120_000);

  it('the signer between the title and the name, the seal over the left third of it; pdfsig reads both', async () => {
    const { pdf, signatureBox } = await renderPdf(paper, { urgency: 'normal', at, subject: 'x' });
    const signer = await issue(ca, { commonName: 'Nguyễn Văn Thưởng', title: 'Phó Giám đốc', organization: 'Sở GD&ĐT Nghệ An' });
    const agency = await issue(ca, { commonName: 'Sở Giáo dục và Đào tạo Nghệ An', title: '', organization: 'Sở GD&ĐT Nghệ An' });
    const signed = await signPdf(pdf, signer, { reason: 'Ký ban hành', name: 'Nguyễn Văn Thưởng', location: 'Nghệ An', at }, signerAppearance(signatureBox, { name: 'Nguyễn Văn Thưởng', at }, null));
    const [field] = signatureFields(signed);
    expect(field.page).toBe(0);
    // In the right half of the page, under the title lines.
    expect(field.rect[0]).toBeGreaterThan(595 / 2);
    const before = raster(signed, 0);
    expect(ink(before, field.rect, 'blue')).toBeGreaterThan(100);
    expect(ink(before, field.rect, 'red')).toBe(0);

    const seal = sealAppearance(field, { name: 'Sở Giáo dục và Đào tạo Nghệ An', governingBody: 'UBND TỈNH NGHỆ AN' }, null);
    const sealed = await signPdf(signed, agency, { reason: 'Phát hành', name: 'Sở Giáo dục và Đào tạo Nghệ An', location: 'Nghệ An', at }, seal);
    expect(sealed.subarray(0, signed.length).equals(signed)).toBe(true);
    const fields = signatureFields(sealed);
    expect(fields).toHaveLength(2);
    const [, sealField] = fields;
    // 36 mm across; its right edge a third of the way into the signer's box, centred on it vertically.
    expect(sealField.rect[2] - sealField.rect[0]).toBeCloseTo(36 * (72 / 25.4), 0);
    expect(sealField.rect[2]).toBeCloseTo(field.rect[0] + (field.rect[2] - field.rect[0]) / 3, 0);
    expect((sealField.rect[1] + sealField.rect[3]) / 2).toBeCloseTo((field.rect[1] + field.rect[3]) / 2, 0);
    const after = raster(sealed, 0);
    expect(ink(after, sealField.rect, 'red')).toBeGreaterThan(400);
    expect(ink(after, field.rect, 'blue')).toBeGreaterThan(100); // the seal covers only its left part

    expect(pdfSignatures(sealed).map((s) => [s.signer, s.valid, s.signedAt])).toEqual([
      ['Nguyễn Văn Thưởng', true, at.toISOString()],
      ['Sở Giáo dục và Đào tạo Nghệ An', true, at.toISOString()],
    ]);
    const file = join(dir, 'sealed.pdf');
    writeFileSync(file, sealed);
    const report = execFileSync('pdfsig', [file]).toString();
    expect(report.match(/Signature Type: ETSI\.CAdES\.detached/g)).toHaveLength(2);
    expect(report).toMatch(/Signature Field Name: Signature2/);
    // The agency's time is in the dictionary (/M), in Vietnam's zone.
    expect(sealed.toString('latin1')).toContain("/M (D:20270305100000+07'00')");
  });

  it('the CMS is PAdES baseline B: the signing certificate bound (ESS v2), no CMS signing time (openssl reads it)', async () => {
    const { pdf, signatureBox } = await renderPdf(paper, { urgency: 'normal', at, subject: 'x' });
    const signer = await issue(ca, { commonName: 'Nguyễn Văn Thưởng', title: 'Phó Giám đốc', organization: 'Sở GD&ĐT Nghệ An' });
    const signed = await signPdf(pdf, signer, { reason: 'Ký ban hành', name: 'x', location: 'Nghệ An', at }, signerAppearance(signatureBox, { name: 'x', at }, null));
    const text = signed.toString('latin1');
    const [, , b, c] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text)!.map(Number);
    const cms = Buffer.from(text.slice(b + 1, c - 1).replace(/(00)+$/, ''), 'hex');
    const file = join(dir, 'sig.der');
    writeFileSync(file, cms);
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file]).toString();
    expect(printed).toMatch(/id-smime-aa-signingCertificateV2|signingCertificateV2/);
    expect(printed).toMatch(/contentType/);
    expect(printed).toMatch(/messageDigest/);
    expect(printed).not.toMatch(/signingTime/);
    // The hash it binds is the signer's certificate's.
    const certDer = Buffer.from(require('node-forge').asn1.toDer(require('node-forge').pki.certificateToAsn1(signer.certificate)).getBytes(), 'binary');
    const hash = require('node:crypto').createHash('sha256').update(certDer).digest('hex');
    expect(printed.replace(/[\s:-]/g, '').toLowerCase()).toContain(hash.slice(0, 16));
  });

  it('a drawn seal names the governing body on its ring and the agency inside; a ministry has only its name', () => {
    const so = drawnSeal(100, { name: 'Sở Giáo dục và Đào tạo Nghệ An', governingBody: 'UBND TỈNH NGHỆ AN' });
    const bo = drawnSeal(100, { name: 'Bộ Giáo dục và Đào tạo', governingBody: null });
    // Outlines, no text operators: the seal adds no words to the page's text.
    expect(so).not.toMatch(/\bTj\b|\bTJ\b|\bBT\b/);
    // Glyphs on the ring turned along it (a rotation in their matrix), more of them for the longer name.
    const turned = (s: string) => s.split('\n').filter((l) => /^q \S+ \S+ \S+ \S+ \S+ \S+ cm \S+ 0 0 /.test(l) && !/^q \S+ 0 0 /.test(l)).length;
    expect(turned(so)).toBe('UBNDTỈNHNGHỆAN'.length);
    expect(turned(bo)).toBe('BỘGIÁODỤCVÀĐÀOTẠO'.length);
    // Inside the Sở's: its name without the province, in straight lines.
    const straight = (s: string) => s.split('\n').filter((l) => /^q (\S+) 0 0 \1 \S+ \S+ cm \d/.test(l)).length;
    expect(straight(so)).toBe('SỞGIÁODỤCVÀĐÀOTẠO'.length);
    expect(straight(bo)).toBe(0);
  });

  it('an uploaded image takes the place of the drawn one, at its width on paper', async () => {
    const { pdf, signatureBox } = await renderPdf(paper, { urgency: 'normal', at, subject: 'x' });
    const signer = await issue(ca, { commonName: 'A', title: '', organization: 'O' });
    const decoded = decodePng(redSealPng(120));
    const signed = await signPdf(pdf, signer, { reason: 'r', name: 'A', location: 'L', at }, signerAppearance(signatureBox, { name: 'A', at }, null));
    const [field] = signatureFields(signed);
    const seal = sealAppearance(field, { name: 'Sở', governingBody: null }, { image: decoded.image, widthMm: 30 });
    expect(seal.rect[2] - seal.rect[0]).toBeCloseTo(30 * (72 / 25.4), 1);
    const sealed = await signPdf(signed, signer, { reason: 'r', name: 'A', location: 'L', at }, seal);
    const file = join(dir, 'image-seal.pdf');
    writeFileSync(file, sealed);
    const images = execFileSync('pdfimages', ['-list', file]).toString();
    expect(images).toMatch(/\n\s*1\s+\d+\s+image\s+120\s+120\s+rgb/);
    expect(images).toMatch(/smask\s+120\s+120\s+gray/);
    expect(ink(raster(sealed, 0), seal.rect, 'red')).toBeGreaterThan(300);
  });

  it('adds to a file whose page already has annotations, and keeps the trailer chain readable', async () => {
    const { pdf } = await renderPdf(paper, { urgency: 'normal', at, subject: 'x' });
    const sig = { subFilter: 'ETSI.CAdES.detached', reason: 'r', name: 'n', location: 'l', at, contentsLength: 16 };
    const once = addSignatureField(pdf, sig, { page: -1, rect: [10, 10, 50, 50], content: '0 0 m 10 10 l S' });
    // Fill the first placeholder as a signer would, so the second is the only one.
    const placeholder = '/ByteRange [0 /********** /********** /**********]';
    const filled = Buffer.from(once.toString('latin1').replace(placeholder, '/ByteRange [0 1 2 3]'.padEnd(placeholder.length)), 'latin1');
    const twice = addSignatureField(filled, sig, { page: 0, rect: [60, 60, 90, 90], content: '' });
    expect(signatureFields(twice).map((f) => f.rect)).toEqual([
      [10, 10, 50, 50],
      [60, 60, 90, 90],
    ]);
    const xref = readXref(twice);
    expect(xref.trailer.get('Prev')).toBe(String(readXref(filled).startxref));
    // qpdf-free check from outside: poppler opens it and sees both fields.
    const file = join(dir, 'twice.pdf');
    writeFileSync(file, twice);
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Form:\s+AcroForm/);
  });
});
