import { vietnamParts } from '../../domain/src/messages';

/**
 * Just enough PDF to add an incremental update to the files examflow writes
 * (pdfkit's, then its own updates and @signpdf's): classic cross-reference
 * tables followed through /Prev, dictionaries read as ordered key/value
 * pairs with their values kept as written, and objects appended after the
 * last %%EOF so that every byte a signature covers stays where it was.
 * Streams are never parsed: only the page tree, the catalogue, the form and
 * its fields, which are plain dictionaries.
 */

export class PdfStructureError extends Error {}

export type Ref = string; // "12 0 R"

export interface Xref {
  offsets: Map<number, number>;
  size: number;
  trailer: PdfDict;
  startxref: number;
}

/** A dictionary as written: its keys in order, each value as its source text (a nested dictionary stays text too). */
export class PdfDict {
  constructor(readonly entries: Array<[string, string]> = []) {}

  get(key: string): string | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  set(key: string, value: string): this {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at >= 0) this.entries[at] = [key, value];
    else this.entries.push([key, value]);
    return this;
  }

  toString(): string {
    return `<<\n${this.entries.map(([k, v]) => `/${k} ${v}`).join('\n')}\n>>`;
  }

  static parse(text: string): PdfDict {
    const p = new Parser(text);
    p.skipSpace();
    return p.dict();
  }
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skipSpace(): void {
    for (;;) {
      while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
      if (this.s[this.pos] !== '%') return;
      while (this.pos < this.s.length && this.s[this.pos] !== '\n' && this.s[this.pos] !== '\r') this.pos++;
    }
  }

  dict(): PdfDict {
    this.expect('<<');
    const entries: Array<[string, string]> = [];
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('>>', this.pos)) {
        this.pos += 2;
        return new PdfDict(entries);
      }
      const key = this.name().slice(1);
      this.skipSpace();
      const from = this.pos;
      this.value();
      entries.push([key, this.s.slice(from, this.pos).trim()]);
    }
  }

  /** Skips one value (a reference `n g R` counts as one) and leaves `pos` after it. */
  value(): void {
    const c = this.s[this.pos];
    if (this.s.startsWith('<<', this.pos)) {
      this.dict();
    } else if (c === '[') {
      this.pos++;
      for (;;) {
        this.skipSpace();
        if (this.s[this.pos] === ']') {
          this.pos++;
          return;
        }
        if (this.pos >= this.s.length) throw new PdfStructureError('an array runs past the object');
        this.value();
      }
    } else if (c === '(') {
      this.literalString();
    } else if (c === '<') {
      const end = this.s.indexOf('>', this.pos);
      if (end < 0) throw new PdfStructureError('a hex string runs past the object');
      this.pos = end + 1;
    } else if (c === '/') {
      this.name();
    } else {
      const ref = /^(\d+)\s+(\d+)\s+R(?![A-Za-z])/.exec(this.s.slice(this.pos, this.pos + 32));
      if (ref) {
        this.pos += ref[0].length;
        return;
      }
      const atom = /^[^\s/<>[\]()%]+/.exec(this.s.slice(this.pos));
      if (!atom) throw new PdfStructureError(`unexpected "${this.s.slice(this.pos, this.pos + 12)}"`);
      this.pos += atom[0].length;
    }
  }

  private literalString(): void {
    let depth = 0;
    for (; this.pos < this.s.length; this.pos++) {
      const c = this.s[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos++;
        return;
      }
    }
    throw new PdfStructureError('a string runs past the object');
  }

  private name(): string {
    const m = /^\/[^\s/<>[\]()%]*/.exec(this.s.slice(this.pos, this.pos + 128));
    if (!m) throw new PdfStructureError(`a name was expected at "${this.s.slice(this.pos, this.pos + 12)}"`);
    this.pos += m[0].length;
    return m[0];
  }

  private expect(token: string): void {
    if (!this.s.startsWith(token, this.pos)) throw new PdfStructureError(`"${token}" was expected at "${this.s.slice(this.pos, this.pos + 12)}"`);
    this.pos += token.length;
  }
}

/** The refs of an array value (`[1 0 R 2 0 R]`). */
export function refsIn(array: string | undefined): Ref[] {
  return [...(array ?? '').matchAll(/(\d+)\s+(\d+)\s+R/g)].map((m) => `${m[1]} ${m[2]} R`);
}

export function objectNumber(ref: Ref): number {
  const m = /^(\d+)\s+\d+\s+R$/.exec(ref.trim());
  if (!m) throw new PdfStructureError(`"${ref}" is not a reference`);
  return Number(m[1]);
}

/** The cross-reference of the file's latest revision: every object's offset, newest first, and its trailer. */
export function readXref(pdf: Buffer): Xref {
  const tail = pdf.subarray(Math.max(0, pdf.length - 64)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new PdfStructureError('no startxref at the end of the file');
  const startxref = Number(m[1]);
  const offsets = new Map<number, number>();
  let trailer: PdfDict | undefined;
  const seen = new Set<number>();
  for (let at: number | undefined = startxref; at !== undefined; ) {
    if (seen.has(at) || at >= pdf.length) throw new PdfStructureError('the cross-reference chain loops or points outside the file');
    seen.add(at);
    const end = pdf.indexOf('startxref', at, 'latin1');
    const section = pdf.subarray(at, end < 0 ? pdf.length : end).toString('latin1');
    if (!section.startsWith('xref')) throw new PdfStructureError('only classic cross-reference tables are read (no xref streams)');
    const t = section.indexOf('trailer');
    if (t < 0) throw new PdfStructureError('a cross-reference table without a trailer');
    const tokens = section.slice(4, t).trim().split(/\s+/);
    for (let i = 0; i + 1 < tokens.length; ) {
      const first = Number(tokens[i]);
      const count = Number(tokens[i + 1]);
      i += 2;
      for (let k = 0; k < count; k++, i += 3) {
        const num = first + k;
        if (tokens[i + 2] === 'n' && !offsets.has(num)) offsets.set(num, Number(tokens[i]));
        else if (!offsets.has(num)) offsets.set(num, -1); // free in a newer revision: stays free
      }
    }
    const dict = PdfDict.parse(section.slice(t + 'trailer'.length));
    trailer ??= dict;
    const prev = dict.get('Prev');
    at = prev === undefined ? undefined : Number(prev);
  }
  for (const [num, off] of offsets) if (off < 0) offsets.delete(num);
  return { offsets, size: Number(trailer!.get('Size')), trailer: trailer!, startxref };
}

/** The dictionary of object `ref` (not a stream's data). */
export function readDict(pdf: Buffer, xref: Xref, ref: Ref): PdfDict {
  const num = objectNumber(ref);
  const at = xref.offsets.get(num);
  if (at === undefined) throw new PdfStructureError(`object ${num} is not in the file`);
  const head = new RegExp(`^\\s*${num}\\s+\\d+\\s+obj`);
  const end = pdf.indexOf('endobj', at, 'latin1');
  const text = pdf.subarray(at, end < 0 ? pdf.length : end).toString('latin1');
  const m = head.exec(text);
  if (!m) throw new PdfStructureError(`object ${num} is not where the cross-reference says`);
  const body = text.slice(m[0].length);
  const streamAt = body.search(/\bstream\r?\n/);
  return PdfDict.parse(streamAt < 0 ? body : body.slice(0, streamAt));
}

/** The pages in order, through nested /Pages nodes. */
export function pageRefs(pdf: Buffer, xref: Xref): Ref[] {
  const root = readDict(pdf, xref, xref.trailer.get('Root')!);
  const out: Ref[] = [];
  const walk = (ref: Ref, depth: number) => {
    if (depth > 32) throw new PdfStructureError('the page tree is too deep');
    const node = readDict(pdf, xref, ref);
    if (node.get('Type') === '/Pages') for (const kid of refsIn(node.get('Kids'))) walk(kid, depth + 1);
    else out.push(ref);
  };
  walk(root.get('Pages')!, 0);
  return out;
}

/** Appends objects to a PDF as one incremental update (new objects and new versions of old ones). */
export class IncrementalUpdate {
  private readonly parts: Buffer[] = [];
  private readonly written = new Map<number, number>();
  private length: number;
  private nextNumber: number;

  constructor(
    private readonly pdf: Buffer,
    readonly xref: Xref,
  ) {
    this.length = pdf.length;
    this.nextNumber = xref.size;
    this.push(Buffer.from('\n'));
  }

  /** A number for a new object. */
  allocate(): number {
    return this.nextNumber++;
  }

  /** Writes object `num` (new, or a new version of an existing one). */
  object(num: number, dict: PdfDict | string, stream?: Buffer): void {
    this.written.set(num, this.length);
    this.push(Buffer.from(`${num} 0 obj\n${dict.toString()}\n`, 'latin1'));
    if (stream) this.push(Buffer.concat([Buffer.from('stream\n'), stream, Buffer.from('\nendstream\n')]));
    this.push(Buffer.from('endobj\n'));
  }

  /** The file with the update, its cross-reference section and trailer appended. */
  finish(): Buffer {
    const xrefAt = this.length;
    const lines = ['xref'];
    for (const num of [...this.written.keys()].sort((a, b) => a - b)) {
      lines.push(`${num} 1`, `${String(this.written.get(num)).padStart(10, '0')} 00000 n `);
    }
    const trailer = new PdfDict().set('Size', String(this.nextNumber)).set('Root', this.xref.trailer.get('Root')!);
    for (const key of ['Info', 'ID']) {
      const v = this.xref.trailer.get(key);
      if (v !== undefined) trailer.set(key, v);
    }
    trailer.set('Prev', String(this.xref.startxref));
    this.push(Buffer.from(`${lines.join('\n')}\ntrailer\n${trailer}\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return Buffer.concat([this.pdf, ...this.parts]);
  }

  private push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
}

/** A PDF text string: UTF-16BE with its byte-order mark, as hex (Vietnamese survives it). */
export function textString(s: string): string {
  const units = Buffer.from(s, 'utf16le').swap16();
  return `<FEFF${units.toString('hex').toUpperCase()}>`;
}

/** A PDF date in Vietnam's time zone (UTC+7, as Phụ lục I asks the time of signing to be given). */
export function pdfDate(at: Date): string {
  const t = vietnamParts(at);
  return `(D:${t.year}${t.month}${t.day}${t.hour}${t.minute}${t.second}+07'00')`;
}
