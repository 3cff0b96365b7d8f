import type { AgencyLevel, DocumentType } from './types';

/**
 * The header of a document as Nghị định 30 Phụ lục I II.2–4 sets it: the
 * governing body above the agency's name (ô 2), the number and symbol (ô 3),
 * the place (ô 4). Pure: the numbering, the register, the PDF and the web
 * app's preview read it alike.
 */
export interface AgencyHeader {
  code: string;
  name: string;
  level: AgencyLevel;
  /** Cơ quan chủ quản trực tiếp ("UBND TỈNH KON TUM"); null: derived from the name (a Sở), or none. */
  parentName?: string | null;
  /** Địa danh; null: derived from the name. */
  place?: string | null;
  /** The abbreviation printed in numbers; null: the code. */
  symbol?: string | null;
  /** What "TM." is followed by; null: the name. */
  collectiveName?: string | null;
}

const up = (s: string) => s.toLocaleUpperCase('vi-VN');
const CITIES = new Set(['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế']);

/** The province in a Sở's name ("Sở Giáo dục và Đào tạo Đắk Lắk" → "Đắk Lắk"), for agencies imported without `place`. */
export function provinceOf(agencyName: string): string | null {
  const m = /^Sở\s+Giáo\s+dục\s+và\s+Đào\s+tạo\s+(?:(?:tỉnh|thành\s+phố|TP\.?)\s+)?(.+)$/iu.exec(agencyName.trim());
  return m ? m[1].trim() : null;
}

/** Địa danh (ô 4): as imported; else a ministry is in Hà Nội and a Sở in its province. */
export function placeOf(agency: Pick<AgencyHeader, 'name' | 'level' | 'place'>): string {
  if (agency.place) return agency.place;
  if (agency.level === 'ministry') return 'Hà Nội';
  const province = provinceOf(agency.name);
  return province === 'Hồ Chí Minh' ? 'Thành phố Hồ Chí Minh' : province ?? agency.name;
}

/** Ô 2's first line, in capitals: as imported; else a Sở's UBND of its province; a ministry has none. */
export function governingBodyOf(agency: Pick<AgencyHeader, 'name' | 'level' | 'parentName'>): string | null {
  if (agency.parentName) return up(agency.parentName);
  if (agency.level !== 'department') return null;
  const province = provinceOf(agency.name);
  if (!province) return null;
  return up(`UBND ${CITIES.has(province) ? 'thành phố' : 'tỉnh'} ${province}`);
}

export function symbolOf(x: { code: string; symbol?: string | null }): string {
  return x.symbol || x.code;
}

/**
 * Ký hiệu (Phụ lục I II.3b): the type's abbreviation and the agency's
 * (`KH-BGDĐT`); a công văn's is the agency's and the drafting unit's
 * (`SGDĐT-QLCLGDCN`).
 */
export function documentSymbol(type: DocumentType, agencySymbol: string, unitSymbol: string): string {
  return type === 'CV' ? `${agencySymbol}-${unitSymbol}` : `${type}-${agencySymbol}`;
}

/**
 * Ô 2's second line, in capitals: the agency's name, less the province its
 * governing body already names ("UBND TỈNH KON TUM / SỞ GIÁO DỤC VÀ ĐÀO
 * TẠO", as the Sở print it, not "… ĐÀO TẠO KON TUM").
 */
export function printedAgencyName(agency: Pick<AgencyHeader, 'name' | 'level' | 'parentName' | 'place'>): string {
  const name = up(agency.name.trim());
  const governing = governingBodyOf(agency);
  if (!governing) return name;
  const place = up(agency.level === 'department' ? (provinceOf(agency.name) ?? placeOf(agency)) : placeOf(agency));
  if (name.endsWith(` ${place}`) && governing.endsWith(` ${place}`)) {
    return name.slice(0, -place.length - 1).replace(/\s+(TỈNH|THÀNH PHỐ|TP\.?)$/u, '');
  }
  return name;
}
