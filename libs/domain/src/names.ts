import type { DocumentType } from './types';

/** Vietnamese without its accents, Đ as D: "Dự thảo lần 2" → "Du thao lan 2" (ASCII file names, loose matching). */
export function withoutAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** The issued PDF's file name: "01-KH-BGDĐT.pdf" once numbered, "Du-thao-KH.pdf" before. */
export function pdfFileName(doc: { number: string | null; type: DocumentType }): string {
  return `${doc.number ? doc.number.replace(/\//g, '-') : `Du-thao-${doc.type}`}.pdf`;
}
