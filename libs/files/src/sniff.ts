/**
 * What a file is, from its first bytes (never from its name alone): the kinds
 * SPEC §6 accepts, or null. `head` is the start of the file (SNIFF_BYTES of
 * it, or all of a shorter file). The name breaks a tie only where the bytes
 * cannot: an OLE2 compound file is a .doc or an .xls; a ZIP whose first
 * entries do not say is .docx or .xlsx by its name, else a plain ZIP.
 */
export const SNIFF_BYTES = 64 * 1024;

export const ACCEPTED = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
} as const;

export type AcceptedType = (typeof ACCEPTED)[keyof typeof ACCEPTED];

const starts = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);

/** The names of the ZIP entries whose local headers lie within `head`, in order (and the first one's stored data). */
function zipEntries(head: Buffer): { names: string[]; firstData: Buffer | null } {
  const names: string[] = [];
  let firstData: Buffer | null = null;
  let at = 0;
  while (at + 30 <= head.length && head.readUInt32LE(at) === 0x04034b50) {
    const method = head.readUInt16LE(at + 8);
    const compressed = head.readUInt32LE(at + 18);
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    const name = head.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    names.push(name);
    const data = at + 30 + nameLength + extraLength;
    if (names.length === 1 && method === 0) firstData = head.subarray(data, Math.min(head.length, data + compressed));
    // A size given only after the data (bit 3) cannot be skipped over: stop there.
    if (head.readUInt16LE(at + 6) & 0x08) break;
    at = data + compressed;
  }
  return { names, firstData };
}

function extensionOf(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name.trim());
  return m ? m[1].toLowerCase() : '';
}

export function sniffType(head: Buffer, name: string): AcceptedType | null {
  if (starts(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return ACCEPTED.pdf; // %PDF-
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ACCEPTED.png;
  if (starts(head, [0xff, 0xd8, 0xff])) return ACCEPTED.jpeg;
  const ext = extensionOf(name);
  if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE2: Word 97–2003 and Excel 97–2003 share the container; the streams' names are in its directory.
    const text = head.toString('utf16le');
    if (text.includes('WordDocument')) return ACCEPTED.doc;
    if (text.includes('Workbook') || text.includes('Book')) return ACCEPTED.xls;
    if (ext === 'doc') return ACCEPTED.doc;
    if (ext === 'xls') return ACCEPTED.xls;
    return null;
  }
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    const { names, firstData } = zipEntries(head);
    // OpenDocument: the first entry is "mimetype", stored, holding the type.
    if (names[0] === 'mimetype' && firstData) {
      const mime = firstData.toString('ascii');
      if (mime === ACCEPTED.odt) return ACCEPTED.odt;
      if (mime === ACCEPTED.ods) return ACCEPTED.ods;
    }
    if (names.some((n) => n.startsWith('word/'))) return ACCEPTED.docx;
    if (names.some((n) => n.startsWith('xl/'))) return ACCEPTED.xlsx;
    if (names.includes('[Content_Types].xml')) {
      if (ext === 'docx') return ACCEPTED.docx;
      if (ext === 'xlsx') return ACCEPTED.xlsx;
    }
    return ACCEPTED.zip;
  }
  return null;
}
