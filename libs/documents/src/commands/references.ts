import type { EntityManager } from 'typeorm';
import { InvalidInput } from '../../../domain/src';

/** A moment given by the client for a deadline: an ISO 8601 date in the future. */
export function futureDate(text: string, field: string, now: Date): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new InvalidInput([`${field} must be an ISO 8601 date`]);
  if (d.getTime() <= now.getTime()) throw new InvalidInput([`${field}: thời hạn phải ở tương lai`]);
  return d;
}

export interface UnitRef {
  agencyCode: string;
  unitCode: string;
}

/**
 * Unit references: `CODE` is a unit of the document's agency, else the one
 * unit of that code elsewhere; `AGENCY/CODE` names the agency. `paths` name
 * each reference in the errors (`consultees.0`).
 */
export async function resolveUnits(tx: EntityManager, refs: string[], defaultAgency: string, paths: string[]): Promise<UnitRef[]> {
  if (refs.length === 0) return [];
  const codes = refs.map((r) => (r.includes('/') ? r.slice(r.indexOf('/') + 1) : r));
  const rows: Array<{ agencyCode: string; code: string }> = await tx.query(
    `SELECT agency_code AS "agencyCode", code FROM units WHERE code = ANY($1)`,
    [codes],
  );
  const errors: string[] = [];
  const out = refs.map((ref, i) => {
    const slash = ref.indexOf('/');
    const [agency, code] = slash >= 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [null, ref];
    const matches = rows.filter((r) => r.code === code && (agency === null || r.agencyCode === agency));
    const own = matches.find((r) => r.agencyCode === defaultAgency);
    const pick = agency === null ? (own ?? (matches.length === 1 ? matches[0] : undefined)) : matches[0];
    if (!pick) {
      errors.push(
        matches.length > 1
          ? `${paths[i]}: mã đơn vị "${ref}" có ở nhiều cơ quan; ghi rõ "CƠQUAN/${code}"`
          : `${paths[i]}: không có đơn vị "${ref}"`,
      );
      return { agencyCode: '', unitCode: '' };
    }
    return { agencyCode: pick.agencyCode, unitCode: pick.code };
  });
  if (errors.length) throw new InvalidInput(errors);
  return out;
}
