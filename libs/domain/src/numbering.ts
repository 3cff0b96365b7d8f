import { documentSymbol } from './header';
import type { DocumentType } from './types';

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';
const VIETNAM_OFFSET_MS = 7 * 3_600_000; // no daylight saving since 1975

/** The calendar year of an instant in Asia/Ho_Chi_Minh. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/**
 * A document number as Nghị định 30/2020 Phụ lục I II.3 writes it, with the
 * agency's and the unit's symbols (SPEC §9): `01/KH-BGDĐT`,
 * `85/QĐ-SGDĐT`, and for a Công văn `05/SGDĐT-QLCLGDCN`. Numbers below 10
 * carry a leading zero.
 */
export function formatDocumentNumber(seq: number, type: DocumentType, agencySymbol: string, unitSymbol: string): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`bad sequence ${seq}`);
  return `${String(seq).padStart(2, '0')}/${documentSymbol(type, agencySymbol, unitSymbol)}`;
}
