import type { DocumentType } from './types';

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';
const VIETNAM_OFFSET_MS = 7 * 3_600_000; // no daylight saving since 1975

/** The calendar year of an instant in Asia/Ho_Chi_Minh. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/**
 * A document number as Nghị định 30/2020 Phụ lục III writes it:
 * `01/KH-BGDĐT`, `85/QĐ-SGDĐT-DL`, and for a Công văn `1277/BGDĐT-QLCL`.
 * Numbers below 10 carry a leading zero.
 */
export function formatDocumentNumber(
  seq: number,
  type: DocumentType,
  agencyCode: string,
  unitCode: string,
): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`bad sequence ${seq}`);
  const nn = String(seq).padStart(2, '0');
  return type === 'CV' ? `${nn}/${agencyCode}-${unitCode}` : `${nn}/${type}-${agencyCode}`;
}
