import { DOCUMENT_TYPE_NAMES, type DocumentType } from '../../domain/src';
import { documentSymbol } from '../../domain/src/header';

/**
 * What a document looks like on paper (Nghị định 30/2020/NĐ-CP, Phụ lục I),
 * as data: the lines of each position (ô 1–9) and the body's blocks. Pure:
 * the renderer (render.ts) draws it; tests read it.
 */
export interface PaperDocument {
  draft: boolean;
  /** Ô 2: the governing body (upright), then the issuing agency (bold); both upper case. */
  governingBody: string | null;
  agency: string;
  /** Ô 3: "Số: 01/KH-BGDĐT", or "Số:      /KH-BGDĐT" on a draft. */
  numberLine: string;
  /** Ô 4: "Hà Nội, ngày 05 tháng 3 năm 2027", blanks on a draft. */
  placeDateLine: string;
  /** Ô 5a: the type's name in capitals ("KẾ HOẠCH"), or null for a công văn. */
  typeName: string | null;
  /** Ô 5a: the title under the type name; ô 5b for a công văn ("V/v …", under the number). */
  title: string;
  /** Kính gửi (ô 9a): a công văn always (dotted when none is named), a tờ trình or a báo cáo when it names some. */
  kinhGui: boolean;
  /** The addressees of Kính gửi, one a line. */
  addressees: string[];
  /** Ô 6a: the căn cứ, one a line, in italics, each ending ";" and the last "." (empty: none printed). */
  basis: string[];
  /** Ô 6. */
  body: BodyBlock[];
  /** Ô 7: the lines of the signature block, the name last; null before a signer is named. */
  signature: { lines: string[]; name: string } | null;
  /** Ô 9: "- …;" lines, the last "- Lưu: VT, QLCL." */
  recipients: string[];
}

export type BodyBlock =
  | { kind: 'heading'; text: string } // I., II. (mục): bold, flush left
  | { kind: 'subheading'; text: string } // 1. Mục đích (short, no final stop): bold, indented
  | { kind: 'paragraph'; text: string; lead?: string }; // lead: a bold "Điều 1." before the text

const up = (s: string) => s.toLocaleUpperCase('vi-VN');

/**
 * The date as Phụ lục I writes it: days below 10 and the months 1 and 2
 * with a leading zero ("ngày 05 tháng 3", "ngày 15 tháng 02"); a draft
 * leaves the day, the month and the year blank (SPEC §6: `ngày   tháng   năm`).
 */
export function placeDateLine(place: string, at: Date | null): string {
  if (!at) return `${place}, ngày      tháng      năm       `;
  const local = new Date(at.getTime() + 7 * 3_600_000);
  const day = local.getUTCDate();
  const month = local.getUTCMonth() + 1;
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${local.getUTCFullYear()}`;
}

/** "Số: 01/KH-BGDĐT"; a draft's number is a blank before the slash. The symbols are the agency's and the unit's. */
export function numberLine(number: string | null, type: DocumentType, agencySymbol: string, unitSymbol: string): string {
  if (number) return `Số: ${number}`;
  return `Số:       /${documentSymbol(type, agencySymbol, unitSymbol)}`;
}

/** The header's data (ô 2, 4) are the organisation's (SPEC §9), derived from the name when not imported. */
export { governingBodyOf, placeOf, provinceOf } from '../../domain/src/header';

/** "KẾ HOẠCH"; a công văn has no printed type name (its title is "V/v …"). */
export function typeNameOf(type: DocumentType): string | null {
  return type === 'CV' ? null : up(DOCUMENT_TYPE_NAMES[type]);
}

const ROMAN = /^(?=[IVXLC]+\.)(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\.\s+/;
const ARTICLE = /^(Điều\s+\d+[a-z]?\.)\s*/u;
const NUMBERED = /^\d+(\.\d+)*\.\s+/;

/**
 * The body's blocks from the plain text a person types: one paragraph a
 * line (blank lines only separate); "I.", "II." are headings (mục); a short
 * "1. Mục đích" line without a final stop is a subheading; "Điều 1." is
 * printed bold before its text; "a)", "-", "+" and everything else are
 * paragraphs (justified, first line indented).
 */
export function parseBody(text: string): BodyBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .map((line): BodyBlock => {
      if (ROMAN.test(line)) return { kind: 'heading', text: line };
      const article = ARTICLE.exec(line);
      if (article) return { kind: 'paragraph', lead: article[1], text: line.slice(article[0].length) };
      if (NUMBERED.test(line) && line.length <= 90 && !/[.:;]$/.test(line)) return { kind: 'subheading', text: line };
      return { kind: 'paragraph', text: line };
    });
}

/** The signature block's lines ("KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng"), the name apart. */
export function signatureLines(block: string | null): PaperDocument['signature'] {
  if (!block) return null;
  const parts = block.split(' / ').map((p) => p.trim()).filter(Boolean);
  const name = parts.pop() ?? '';
  return { lines: parts, name };
}

/** Kính gửi and Nơi nhận are written by libs/domain's rules (noi-nhan.ts), shared with the web app's preview. */
export { recipientLines, type PrintedRecipient } from '../../domain/src/noi-nhan';

/** The types whose text opens with its căn cứ (Phụ lục III Mẫu 1.1–1.3, 1.4): decisions, rules, plans and the like. */
const WITH_BASIS = new Set<DocumentType>(['NQ', 'QĐ', 'CT', 'QC', 'QyĐ', 'HD', 'KH', 'CTr', 'PA', 'ĐA', 'DA', 'TB']);

export interface BasisReference {
  number: string;
  issuedAt: string | null;
  title: string;
  /** For a document of examflow: its type's name and its issuer's. */
  typeName?: string | null;
  issuer?: string | null;
}

/**
 * Căn cứ ban hành (Phụ lục I II.6a): "Căn cứ Kế hoạch số 01/KH-BGDĐT ngày 05
 * tháng 3 năm 2027 của Bộ Giáo dục và Đào tạo về …;" — the type's name, number
 * and symbol, date, issuer and summary of each document cited; the last line
 * ends with a full stop. Printed for the types that open with their căn cứ;
 * a reference the body already cites by its number is not printed twice.
 */
export function basisLines(type: DocumentType, refs: readonly BasisReference[], body: string): string[] {
  if (!WITH_BASIS.has(type)) return [];
  const lines = refs
    .filter((r) => r.number && !body.includes(r.number))
    .map((r) => {
      const date = r.issuedAt ? ` ${placeDateLine('', new Date(r.issuedAt)).replace(/^, /, '')}` : '';
      const title = r.title.replace(/^V\/v\s+/iu, 'về việc ');
      const about = /^về(?=\s|$)/iu.test(title) ? ` ${title}` : ` về ${title.replace(/^./u, (c) => c.toLocaleLowerCase('vi-VN'))}`;
      return `Căn cứ ${r.typeName ?? typeOfNumber(r.number)} số ${r.number}${date}${r.issuer ? ` của ${r.issuer}` : ''}${about}`;
    });
  return lines.map((l, i) => `${l}${i === lines.length - 1 ? '.' : ';'}`);
}

/**
 * A document's type read from its number, as Phụ lục I II.3 writes numbers: "15/QĐ-UBND" is a Quyết
 * định; one without a type's abbreviation ("45/UBND-VX") is a công văn; anything else, a "văn bản".
 */
export function typeOfNumber(number: string): string {
  const m = /^\d+\/([^-/\s]+)-/u.exec(number.trim());
  if (!m) return 'văn bản';
  const name = (DOCUMENT_TYPE_NAMES as Record<string, string | undefined>)[m[1]];
  return name ?? 'Công văn';
}
