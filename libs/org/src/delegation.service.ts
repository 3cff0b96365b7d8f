import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InvalidInput, isLeaderPosition, NotFound, NotPermitted, type Actor, type DelegationView } from '../../domain/src';
import { delegationInForce, delegatorsOf } from '../../persistence/src/sql';
import { AuditService } from '../../audit/src';

export type { DelegationView };

const MAX_DAYS = 366;

/**
 * Ủy quyền: a head or deputy head lets another user of the same agency sign
 * in their place for a window of time. A delegation covers the delegator's
 * own signatures only, so a delegate cannot pass it on.
 */
@Injectable()
export class DelegationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: { to: string; from: string; until: string }): Promise<DelegationView> {
    if (!isLeaderPosition(actor.position)) {
      throw new NotPermitted('Chỉ người đứng đầu hoặc cấp phó được ủy quyền ký');
    }
    const from = new Date(input.from);
    const until = new Date(input.until);
    const errors: string[] = [];
    if (until.getTime() <= from.getTime()) errors.push('until: must be after from');
    if (until.getTime() <= Date.now()) errors.push('until: must be in the future');
    if (until.getTime() - from.getTime() > MAX_DAYS * 86_400_000) errors.push(`until: a delegation lasts at most ${MAX_DAYS} days`);
    if (input.to === actor.username) errors.push('to: không thể ủy quyền cho chính mình');
    const [to] = await this.db.query(`SELECT agency_code AS "agencyCode", position FROM users WHERE username = $1`, [input.to]);
    if (!to) errors.push(`to: không có người dùng "${input.to}"`);
    else if (to.agencyCode !== actor.agencyCode) errors.push(`to: "${input.to}" không thuộc ${actor.agencyCode}`);
    else if (to.position === 'admin') errors.push('to: không ủy quyền cho quản trị viên');
    if (errors.length) throw new InvalidInput(errors);
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO delegations (id, delegator, delegate, valid_from, valid_until, created_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [id, actor.username, input.to, from, until],
    );
    await this.audit.record({
      actor: actor.username,
      action: 'delegation.create',
      target: `delegation:${id}`,
      detail: { to: input.to, from: from.toISOString(), until: until.toISOString() },
    });
    return (await this.find(id))!;
  }

  /** Whether someone has delegated their signature to this user now (then the signing queue is theirs too). */
  async signsForSomeone(username: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM (${delegatorsOf('$1')}) g LIMIT 1`, [username]);
    return rows.length > 0;
  }

  async list(actor: Actor): Promise<DelegationView[]> {
    const rows = await this.db.query(
      `${SELECT} ${actor.position === 'admin' ? '' : 'WHERE delegator = $1'} ORDER BY created_at DESC, id`,
      actor.position === 'admin' ? [] : [actor.username],
    );
    return rows.map(view);
  }

  async revoke(actor: Actor, id: string): Promise<DelegationView> {
    const d = await this.find(id);
    if (!d) throw new NotFound(`Không có ủy quyền ${id}`);
    if (actor.position !== 'admin' && d.by !== actor.username) throw new NotPermitted('Chỉ người ủy quyền được thu hồi');
    await this.db.query(`UPDATE delegations SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [id]);
    await this.audit.record({ actor: actor.username, action: 'delegation.revoke', target: `delegation:${id}` });
    return (await this.find(id))!;
  }

  private async find(id: string): Promise<DelegationView | null> {
    const [row] = await this.db.query(`${SELECT} WHERE id = $1`, [id]);
    return row ? view(row) : null;
  }
}

const SELECT = `SELECT id, delegator AS by, delegate AS to, valid_from AS "from", valid_until AS until,
  created_at AS "createdAt", revoked_at AS "revokedAt",
  ${delegationInForce('delegations')} AS active FROM delegations`;

function view(r: Record<string, unknown>): DelegationView {
  const iso = (v: unknown) => (v ? (v as Date).toISOString() : null);
  return {
    id: r.id as string,
    by: r.by as string,
    to: r.to as string,
    from: iso(r.from)!,
    until: iso(r.until)!,
    createdAt: iso(r.createdAt)!,
    revokedAt: iso(r.revokedAt),
    active: r.active as boolean,
  };
}
