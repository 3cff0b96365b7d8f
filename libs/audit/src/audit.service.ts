import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_ACTIONS, type AuditAction } from '../../domain/src/audit-actions';

export { AUDIT_ACTIONS, type AuditAction };

export interface AuditEntry {
  actor: string | null;
  address?: string | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditView extends Required<AuditEntry> {
  id: string;
  at: string;
}

/**
 * The audit trail (the only writer of `audit_log`, which a trigger keeps
 * append-only): who did what, from where, to what. Recording never fails
 * the request it describes: a write that fails is logged, once per minute.
 */
@Injectable()
export class AuditService {
  private readonly log = new Logger(AuditService.name);
  private lastWarning = 0;

  constructor(private readonly db: DataSource) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.db.query(`INSERT INTO audit_log (actor, address, action, target, detail) VALUES ($1, $2, $3, $4, $5)`, [
        entry.actor,
        entry.address ?? null,
        entry.action,
        entry.target ?? null,
        entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
      ]);
    } catch (e) {
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.log.warn(`could not write the audit trail: ${(e as Error).message}`);
      }
    }
  }

  /** Newest first, filtered; with the total of the filter. */
  async list(filter: {
    action?: string;
    actor?: string;
    from?: Date;
    to?: Date;
    limit: number;
    offset: number;
  }): Promise<{ items: AuditView[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR actor = $2)
        AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)`;
    const params = [filter.action ?? null, filter.actor ?? null, filter.from ?? null, filter.to ?? null];
    const rows: Array<Omit<AuditView, 'at'> & { at: Date; total: string }> = await this.db.query(
      `SELECT id::text, at, actor, address, action, target, detail, count(*) OVER () AS total FROM audit_log ${where}
        ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    );
    // Past the last page there is no row to carry the total: count it on its own.
    const total = rows.length
      ? Number(rows[0].total)
      : filter.offset > 0
        ? (await this.db.query(`SELECT count(*)::int AS n FROM audit_log ${where}`, params))[0].n
        : 0;
    return { items: rows.map(({ total: _, at, ...r }) => ({ ...r, at: at.toISOString() })), total };
  }
}
