import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DOCUMENT_TYPES,
  InvalidInput,
  NotFound,
  NotPermitted,
  isHeadPosition,
  type Actor,
  type DocumentType,
  type SigningAuthorisationView,
} from '../../domain/src';
import { AuditService } from '../../audit/src';

export type { SigningAuthorisationView };

const MAX_DAYS = 366;

/**
 * Giao ký thừa ủy quyền (Nghị định 30 Điều 13.3): the head of a ministry or
 * a Sở authorises the head of one of its units, in writing, to sign "TUQ."
 * some types of document for a limited time. The authorisation's number is
 * kept (and in each document's history) but printed nowhere. A delegation
 * (DelegationService) lends a signature for a moment; only this makes a TUQ.
 * signer.
 */
@Injectable()
export class AuthorisationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    input: { to: string; reference: string; types: DocumentType[]; from: string; until: string },
  ): Promise<SigningAuthorisationView> {
    if (!isHeadPosition(actor.position) || !actor.agencyCode) {
      throw new NotPermitted('Chỉ người đứng đầu cơ quan (head) được giao ký thừa ủy quyền (Nghị định 30 Điều 13.3)');
    }
    const from = new Date(input.from);
    const until = new Date(input.until);
    const errors: string[] = [];
    if (until.getTime() <= from.getTime()) errors.push('until: phải sau from');
    if (until.getTime() <= Date.now()) errors.push('until: phải ở tương lai');
    if (until.getTime() - from.getTime() > MAX_DAYS * 86_400_000) errors.push(`until: ủy quyền có thời hạn, tối đa ${MAX_DAYS} ngày`);
    const types = [...new Set(input.types)];
    types.forEach((t, i) => {
      if (!DOCUMENT_TYPES.includes(t)) errors.push(`types.${i}: không có loại văn bản "${t}"`);
    });
    const [[agency], [to]] = await Promise.all([
      this.db.query(`SELECT level FROM agencies WHERE code = $1`, [actor.agencyCode]),
      this.db.query(`SELECT agency_code AS "agencyCode", position, disabled FROM users WHERE username = $1`, [input.to]),
    ]);
    if (agency?.level === 'council') errors.push('to: tổ chức tư vấn ký thay mặt tập thể (TM.), không ký thừa ủy quyền');
    if (!to) errors.push(`to: không có người dùng "${input.to}"`);
    else if (to.agencyCode !== actor.agencyCode) errors.push(`to: "${input.to}" không thuộc ${actor.agencyCode}`);
    else if (to.position !== 'unit_head') {
      errors.push(`to: chỉ người đứng đầu đơn vị thuộc cơ quan (unit_head) được ký thừa ủy quyền; "${input.to}" là ${to.position}`);
    } else if (to.disabled) errors.push(`to: "${input.to}" đã bị khóa`);
    if (errors.length) throw new InvalidInput(errors);
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO signing_authorisations (id, agency_code, grantor, grantee, reference, types, valid_from, valid_until, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
      [id, actor.agencyCode, actor.username, input.to, input.reference, types, from, until],
    );
    await this.audit.record({
      actor: actor.username,
      action: 'authorisation.create',
      target: `authorisation:${id}`,
      detail: { to: input.to, reference: input.reference, types, from: from.toISOString(), until: until.toISOString() },
    });
    return (await this.find(id))!;
  }

  /** The agency's authorisations for its leaders and clerks, those given to the caller for a unit head, all for an admin. */
  async list(actor: Actor): Promise<SigningAuthorisationView[]> {
    if (actor.position === 'admin') return (await this.db.query(`${SELECT} ORDER BY created_at DESC, id`)).map(view);
    const agencyWide = isHeadPosition(actor.position) || actor.position === 'deputy_head' || actor.position === 'clerk';
    const rows = await this.db.query(
      `${SELECT} WHERE agency_code = $1 ${agencyWide ? '' : 'AND grantee = $2'} ORDER BY created_at DESC, id`,
      agencyWide ? [actor.agencyCode] : [actor.agencyCode, actor.username],
    );
    return rows.map(view);
  }

  /** Ends an authorisation at once: a head of the agency, or an admin. */
  async revoke(actor: Actor, id: string): Promise<SigningAuthorisationView> {
    const a = await this.find(id);
    if (!a) throw new NotFound(`Không có văn bản ủy quyền ${id}`);
    if (actor.position !== 'admin' && !(isHeadPosition(actor.position) && actor.agencyCode === a.agencyCode)) {
      throw new NotPermitted('Chỉ người đứng đầu cơ quan được thu hồi ủy quyền');
    }
    await this.db.query(`UPDATE signing_authorisations SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [id]);
    await this.audit.record({ actor: actor.username, action: 'authorisation.revoke', target: `authorisation:${id}` });
    return (await this.find(id))!;
  }

  private async find(id: string): Promise<SigningAuthorisationView | null> {
    const [row] = await this.db.query(`${SELECT} WHERE id = $1`, [id]);
    return row ? view(row) : null;
  }
}

const SELECT = `SELECT id, agency_code AS "agencyCode", grantor AS by, grantee AS to, reference, types,
  valid_from AS "from", valid_until AS until, created_at AS "createdAt", revoked_at AS "revokedAt",
  (revoked_at IS NULL AND now() >= valid_from AND now() < valid_until) AS active FROM signing_authorisations`;

function view(r: Record<string, unknown>): SigningAuthorisationView {
  const iso = (v: unknown) => (v ? (v as Date).toISOString() : null);
  return {
    id: r.id as string,
    agencyCode: r.agencyCode as string,
    by: r.by as string,
    to: r.to as string,
    reference: r.reference as string,
    types: r.types as DocumentType[],
    from: iso(r.from)!,
    until: iso(r.until)!,
    createdAt: iso(r.createdAt)!,
    revokedAt: iso(r.revokedAt),
    active: r.active as boolean,
  };
}
