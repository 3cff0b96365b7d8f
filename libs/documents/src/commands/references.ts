import { ApiPropertyOptional } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { InvalidInput, type Actor, type DocumentReference } from '../../../domain/src';
import { SqlParams, visibleToCaller } from '../../../persistence/src/sql';

/** A reference as given (SPEC §9): `{ documentId }`, or `{ number, issuedAt, title }` for a document from outside. */
export class ReferenceDto {
  @ApiPropertyOptional({ description: 'an examflow document the agency issued or received', example: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @ApiPropertyOptional({ example: '45/UBND-VX' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number?: string;

  @ApiPropertyOptional({ example: '2027-03-01T00:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  issuedAt?: string;

  @ApiPropertyOptional({ example: 'V/v phối hợp bảo đảm an ninh Kỳ thi' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title?: string;
}

/**
 * The references resolved, in the order given: an examflow document must be
 * one the agency issued or was sent, that the actor may read, with a number
 * (its number, date and title are copied); one from outside needs its
 * number, date and title. None twice.
 */
export async function resolveReferences(
  tx: EntityManager,
  actor: Actor,
  agencyCode: string,
  refs: ReferenceDto[],
  /** Whether the citing document is secret: only a secret one may cite a secret one (its title is copied). */
  citingSecret = false,
): Promise<DocumentReference[]> {
  const ids = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
  const p = new SqlParams();
  const sql = () =>
    `SELECT d.id, d.number, d.issued_at AS "issuedAt", d.title, d.confidentiality <> 'normal' AS secret FROM documents d
      WHERE d.id = ANY(${p.add(ids, 'uuid[]')}) AND d.number IS NOT NULL AND ${visibleToCaller('d', p, actor)}
        AND (d.agency_code = ${p.add(agencyCode)} OR EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = d.id AND r.agency_code = ${p.add(agencyCode)}))`;
  const known: Array<{ id: string; number: string; issuedAt: Date; title: string; secret: boolean }> = ids.length ? await tx.query(sql(), p.values) : [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const out = refs.map((r, i): DocumentReference => {
    if (r.documentId) {
      if (r.number !== undefined || r.issuedAt !== undefined || r.title !== undefined) errors.push(`references.${i}: give documentId alone, or number, issuedAt and title`);
      const d = known.find((k) => k.id === r.documentId);
      if (!d) errors.push(`references.${i}: không có văn bản đã ban hành ${r.documentId} mà cơ quan đã ban hành hoặc đã nhận`);
      if (seen.has(r.documentId)) errors.push(`references.${i}: văn bản được dẫn hai lần`);
      if (d?.secret && !citingSecret) errors.push(`references.${i}: văn bản mật chỉ được dẫn trong văn bản mật (SPEC §9)`);
      seen.add(r.documentId);
      return { documentId: r.documentId, number: d?.number ?? '', issuedAt: d ? new Date(d.issuedAt).toISOString() : null, title: d?.title ?? '' };
    }
    const missing = (['number', 'issuedAt', 'title'] as const).filter((k) => r[k] === undefined);
    if (missing.length) errors.push(`references.${i}: ${missing.join(', ')} required for a document from outside examflow (or give documentId)`);
    const key = `${r.number?.trim()}|${r.issuedAt ? new Date(r.issuedAt).toISOString() : ''}`;
    if (seen.has(key)) errors.push(`references.${i}: văn bản được dẫn hai lần`);
    seen.add(key);
    return { documentId: null, number: r.number?.trim() ?? '', issuedAt: r.issuedAt ? new Date(r.issuedAt).toISOString() : null, title: r.title?.trim() ?? '' };
  });
  if (errors.length) throw new InvalidInput(errors);
  return out;
}

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
