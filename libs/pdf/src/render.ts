import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Confidentiality, Urgency } from '../../domain/src';
import type { BodyBlock, PaperDocument } from './layout';

/**
 * Draws a PaperDocument on A4 as Nghị định 30 Phụ lục I lays it out, with
 * Tinos (metric-compatible with Times New Roman, Vietnamese complete)
 * embedded. Sizes and faces are the decree's (its Mục V table); the column
 * widths of the header are not in its text (the layout diagram is a
 * picture): 40 % / 60 % of the text width, as the decree's own samples are
 * set.
 */
export const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LEFT_COL = TEXT_WIDTH * 0.4;
const RIGHT_COL = TEXT_WIDTH - LEFT_COL;
const INDENT = 1.27 * 10 * MM;
const BODY_SIZE = 14;
/** Line spacing about 1.15 lines, paragraphs 6 pt apart (Phụ lục I: single to 1.5 lines, at least 6 pt). */
const LINE_GAP = 2;
const PARAGRAPH_GAP = 6;
/** Room for the signature between the signer's title and name (ô 7c): 80 pt, about 28 mm. */
const SIGNATURE_GAP = 80;

const FONT_FILES = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  italic: '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf',
} as const;

/**
 * The four faces, parsed once per process: parsing a TrueType font is most of
 * the cost of a page (measured: ~200 ms a document when each parses its own,
 * ~10 ms with these shared). pdfkit takes a parsed fontkit font as it is and
 * makes each document's own subset of it.
 */
let fonts: Record<keyof typeof FONT_FILES, fontkit.Font> | null = null;
/** The faces as parsed (the signature appearances draw their outlines: stamps.ts). */
export function fontFaces(): Record<keyof typeof FONT_FILES, fontkit.Font> {
  fonts ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([face, file]) => [face, fontkit.create(readFileSync(require.resolve(file))) as fontkit.Font]),
  ) as Record<keyof typeof FONT_FILES, fontkit.Font>;
  return fonts;
}

/** The faces for a new document: their glyph caches started anew (see below). */
export function faces(): Record<keyof typeof FONT_FILES, fontkit.Font> {
  const fonts = fontFaces();
  // fontkit caches glyphs with the characters they were first met for; a glyph first met as a part of another
  // (the "u" of an "ư", while a document's subset is written) carries none, and the next document's text would
  // lose it from its ToUnicode map (copying "Thưởng" would give "Th ởng"). Each document starts the cache anew:
  // drawing is synchronous, so no two documents share it at once.
  for (const font of Object.values(fonts)) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  return fonts;
}

/** Ô 10b: the urgency stamp, its width (mm) as Phụ lục I gives it; red, bold, in a single-line box. */
const URGENCY_STAMP: Partial<Record<Urgency, { text: string; widthMm: number }>> = {
  urgent: { text: 'KHẨN', widthMm: 20 },
  very_urgent: { text: 'THƯỢNG KHẨN', widthMm: 40 },
  flash: { text: 'HỎA TỐC', widthMm: 30 },
};
const RED = '#e0001b';

/** Ô 10a: the secrecy mark as the law on state secrets has it stamped, boxed in red. */
const SECRECY_STAMP: Record<Confidentiality, { text: string; widthMm: number } | null> = {
  normal: null,
  confidential: { text: 'MẬT', widthMm: 20 },
  secret: { text: 'TỐI MẬT', widthMm: 30 },
  top_secret: { text: 'TUYỆT MẬT', widthMm: 36 },
};

export interface RenderOptions {
  urgency: Urgency;
  /** Ô 10a: the secrecy mark (MẬT, TỐI MẬT, TUYỆT MẬT), above the urgency stamp. */
  confidentiality?: Confidentiality;
  /** The PDF's own dates (CreationDate / ModDate): the document's, so the same input draws the same file. */
  at: Date;
  /** Metadata: the number and title. */
  subject: string;
}

/**
 * Where the signer's signature goes (ô 7c): between the title lines and the name, centred in the right
 * column, in PDF space (points, origin bottom-left) on page `page` (0-based).
 */
export interface SignatureBox {
  page: number;
  rect: [number, number, number, number];
}

export async function renderPdf(paper: PaperDocument, options: RenderOptions): Promise<{ pdf: Buffer; signatureBox: SignatureBox }> {
  const face = faces();
  const doc = new PDFDocument({
    size: 'A4',
    // 1.7: the signatures' appearances use soft masks (1.4) and locked annotations (1.4).
    pdfVersion: '1.7',
    font: face.regular as unknown as string,
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: options.subject, Author: paper.agency, Creator: 'examflow', CreationDate: options.at, ModDate: options.at },
    lang: 'vi-VN',
    displayTitle: true,
  });
  for (const [name, font] of Object.entries(face)) doc.registerFont(name, font as unknown as string);
  const done = collect(doc);

  const left = MARGIN.left;
  const right = MARGIN.left + LEFT_COL;
  const top = MARGIN.top;

  // Ô 2 (left): the governing body, upright, then the issuing agency, bold; a rule under it, 1/3 of its width.
  let y = top;
  if (paper.governingBody) y = centred(doc, 'regular', 12, paper.governingBody, left, y, LEFT_COL);
  y = centred(doc, 'bold', 12, paper.agency, left, y, LEFT_COL);
  y = rule(doc, left, y, LEFT_COL, lastLineWidth(doc, 'bold', 12, paper.agency, LEFT_COL) / 3);
  // Ô 1 (right): Quốc hiệu and Tiêu ngữ, bold; a rule under the Tiêu ngữ as long as it.
  let r = centred(doc, 'bold', 12, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right, top, RIGHT_COL);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  r = centred(doc, 'bold', 13, motto, right, r, RIGHT_COL);
  r = rule(doc, right, r, RIGHT_COL, width(doc, 'bold', 13, motto));
  // Ô 3 and ô 4 on one line: the number under the agency, the place and date under the Tiêu ngữ (italic).
  const row = Math.max(y, r) + 8;
  let leftEnd = centred(doc, 'regular', 13, paper.numberLine, left, row, LEFT_COL);
  const rightEnd = centred(doc, 'italic', 13, paper.placeDateLine, right, row, RIGHT_COL);
  // Ô 5b: a công văn's "V/v …" under the number, 6 pt below it.
  if (!paper.typeName) leftEnd = centred(doc, 'regular', 12, paper.title, left, leftEnd + 6, LEFT_COL);
  // Ô 10a then ô 10b, under the number: the secrecy mark, then the urgency stamp; red, bold, boxed.
  const stamps = [SECRECY_STAMP[options.confidentiality ?? 'normal'], URGENCY_STAMP[options.urgency]];
  for (const stamp of stamps) {
    if (!stamp) continue;
    const w = stamp.widthMm * MM;
    const h = 8 * MM;
    const x = left + (LEFT_COL - w) / 2;
    const sy = leftEnd + 6;
    doc.save().lineWidth(1).strokeColor(RED).rect(x, sy, w, h).stroke().restore();
    doc.font('bold').fontSize(13).fillColor(RED).text(stamp.text, x, sy + (h - 13) / 2 + 1, { width: w, align: 'center', lineBreak: false });
    doc.fillColor('black');
    leftEnd = sy + h;
  }
  y = Math.max(leftEnd, rightEnd) + 18;

  // Ô 5a: the type's name and the title, bold, across the page; a rule under the title.
  if (paper.typeName) {
    y = centred(doc, 'bold', 14, paper.typeName, left, y, TEXT_WIDTH);
    y = centred(doc, 'bold', 14, paper.title, left, y, TEXT_WIDTH);
    y = rule(doc, left, y, TEXT_WIDTH, lastLineWidth(doc, 'bold', 14, paper.title, TEXT_WIDTH) / 3) + 12;
  }
  // Ô 9a: "Kính gửi:", one addressee a line, the dashes under the colon.
  if (paper.kinhGui) {
    const label = 'Kính gửi: ';
    doc.font('regular').fontSize(14);
    const labelWidth = doc.widthOfString(label);
    const lines = paper.addressees.length ? paper.addressees : ['……………………………'];
    const blockWidth = labelWidth + Math.max(...lines.map((l) => doc.widthOfString(lines.length > 1 ? `- ${l};` : l)));
    const x = left + Math.max(0, (TEXT_WIDTH - blockWidth) / 2);
    doc.text(label, x, y, { lineBreak: false });
    lines.forEach((line, i) => {
      const text = lines.length > 1 ? `- ${line}${i === lines.length - 1 ? '.' : ';'}` : line;
      doc.text(text, x + labelWidth, y, { width: TEXT_WIDTH - (x - left) - labelWidth });
      y = doc.y;
    });
    y += 12;
  }

  // Ô 6a: the căn cứ, italic, justified, one a line.
  doc.x = left;
  doc.y = y;
  for (const line of paper.basis) {
    doc.font('italic').fontSize(BODY_SIZE).text(line, left, doc.y, { width: TEXT_WIDTH, align: 'justify', indent: INDENT, lineGap: LINE_GAP, paragraphGap: 2 });
  }
  if (paper.basis.length) doc.y += PARAGRAPH_GAP;
  // Ô 6: the body.
  doc.x = left;
  for (const block of paper.body) bodyBlock(doc, block);

  // Ô 7 and ô 9 side by side: Nơi nhận on the left, level with the signer's title; the block on the right.
  const signatureHeight = 14 * 3 + SIGNATURE_GAP;
  const recipientsHeight = 16 + paper.recipients.length * 14;
  if (doc.y + Math.max(signatureHeight, recipientsHeight) + 12 > PAGE.height - MARGIN.bottom) doc.addPage();
  const foot = doc.y + 12;
  let sy = foot;
  for (const line of paper.signature?.lines ?? []) sy = centred(doc, 'bold', 14, line, right, sy, RIGHT_COL);
  const boxWidth = RIGHT_COL * 0.6;
  const signatureBox: SignatureBox = {
    page: doc.bufferedPageRange().count - 1,
    rect: [right + (RIGHT_COL - boxWidth) / 2, PAGE.height - (sy + SIGNATURE_GAP - 2), right + (RIGHT_COL + boxWidth) / 2, PAGE.height - (sy + 2)],
  };
  if (paper.signature) sy = centred(doc, 'bold', 14, paper.signature.name, right, sy + SIGNATURE_GAP, RIGHT_COL);
  doc.font('boldItalic').fontSize(12).text('Nơi nhận:', left, foot, { width: LEFT_COL, lineBreak: false });
  let ry = foot + 15;
  // A long Nơi nhận (63 Sở) runs on over the next pages, in its column.
  for (const line of paper.recipients) {
    doc.font('regular').fontSize(11);
    if (ry + doc.heightOfString(line, { width: LEFT_COL - 6 }) > PAGE.height - MARGIN.bottom) {
      doc.addPage();
      ry = MARGIN.top;
    }
    doc.text(line, left, ry, { width: LEFT_COL - 6 });
    ry = doc.y;
  }
  doc.x = left;
  doc.y = ry;

  // Every page: the number from page 2 (upright, centred in the top margin); a draft's mark.
  const pages = doc.bufferedPageRange();
  for (let i = pages.start; i < pages.start + pages.count; i++) {
    doc.switchToPage(i);
    if (i > pages.start) {
      doc.font('regular').fontSize(13).text(String(i - pages.start + 1), left, MARGIN.top / 2 - 6, { width: TEXT_WIDTH, align: 'center', lineBreak: false });
    }
    if (paper.draft) draftMark(doc);
  }
  doc.end();
  return { pdf: await done, signatureBox };
}

function bodyBlock(doc: PDFKit.PDFDocument, block: BodyBlock): void {
  const options = { width: TEXT_WIDTH, align: 'justify' as const, indent: INDENT, lineGap: LINE_GAP, paragraphGap: PARAGRAPH_GAP };
  doc.x = MARGIN.left;
  if (block.kind === 'heading' || block.kind === 'subheading') {
    doc.font('bold').fontSize(BODY_SIZE).text(block.text, options);
  } else if (block.lead) {
    doc.font('bold').fontSize(BODY_SIZE).text(`${block.lead} `, { ...options, continued: true });
    doc.font('regular').text(block.text, { ...options, indent: 0 });
  } else {
    doc.font('regular').fontSize(BODY_SIZE).text(block.text, options);
  }
}

/** "DỰ THẢO", boxed, in the top margin on the left, on every page of a draft. */
function draftMark(doc: PDFKit.PDFDocument): void {
  const text = 'DỰ THẢO';
  doc.font('bold').fontSize(12);
  const w = doc.widthOfString(text) + 12;
  const x = MARGIN.left;
  const y = MARGIN.top / 2 - 9;
  doc.save().lineWidth(0.8).rect(x, y, w, 18).stroke().restore();
  doc.text(text, x, y + 4, { width: w, align: 'center', lineBreak: false });
}

/** Text centred in a column from `y`; answers the y under it. */
function centred(doc: PDFKit.PDFDocument, font: string, size: number, text: string, x: number, y: number, w: number): number {
  doc.font(font).fontSize(size).text(text, x, y, { width: w, align: 'center' });
  return doc.y;
}

/** A solid rule `length` long centred in a column, just under the text that ended at `y`; answers the y under it. */
function rule(doc: PDFKit.PDFDocument, x: number, y: number, w: number, length: number): number {
  const from = x + (w - length) / 2;
  const at = y + 3; // pdfkit's y after a line sits on its descenders: the rule goes a little lower
  doc.save().lineWidth(0.6).moveTo(from, at).lineTo(from + length, at).stroke().restore();
  return at + 3;
}

function width(doc: PDFKit.PDFDocument, font: string, size: number, text: string): number {
  return doc.font(font).fontSize(size).widthOfString(text);
}

/** The width of the last line `text` wraps to in a column (the rule under a title follows its last line). */
function lastLineWidth(doc: PDFKit.PDFDocument, font: string, size: number, text: string, w: number): number {
  doc.font(font).fontSize(size);
  const words = text.split(' ');
  let line = '';
  let last = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (doc.widthOfString(next) > w && line) {
      last = word;
      line = word;
    } else {
      line = next;
      last = line;
    }
  }
  return Math.min(w, doc.widthOfString(last || text));
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const parts: Buffer[] = [];
  return new Promise((ok, fail) => {
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => ok(Buffer.concat(parts)));
    doc.on('error', fail);
  });
}
