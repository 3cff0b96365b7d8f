import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/src';
import { Clock } from '../../config/src';
import { Conflict, InvalidInput, NotFound, NotPermitted, VersionConflict, type Actor, type CampaignView } from '../../domain/src';
import type { CreateCampaignDto, PatchCampaignDto } from './campaign.dto';

interface SessionRow {
  code: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Exam campaigns (SPEC §8): one exam of one year and its sessions (buổi
 * thi), created and changed by an administrator or a leader of a ministry,
 * read by everyone signed in. Tables campaigns and campaign_sessions.
 * Moving a session moves nothing else yet: no deadline is anchored to a
 * session so far (the anchored deadlines are the next part of issue 15).
 */
@Injectable()
export class CampaignService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateCampaignDto): Promise<CampaignView> {
    await this.assertMayManage(actor);
    const sessions = dto.sessions.map((s, i) => this.session(s, `sessions.${i}`));
    this.assertDistinct(sessions.map((s) => s.code));
    const now = this.clock.now();
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const taken = await tx.query(`SELECT 1 FROM campaigns WHERE code = $1`, [dto.code]);
      if (taken.length) throw new Conflict(`Đã có kỳ thi mã "${dto.code}"`);
      await tx.query(
        `INSERT INTO campaigns (id, code, name, year, version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $6)`,
        [id, dto.code, dto.name.trim(), dto.year, actor.username, now],
      );
      await this.writeSessions(tx, id, sessions);
    });
    await this.audit.record({ actor: actor.username, action: 'campaign.create', target: dto.code, detail: { sessions: sessions.length } });
    return this.get(id);
  }

  async list(): Promise<CampaignView[]> {
    const ids: Array<{ id: string }> = await this.db.query(`SELECT id FROM campaigns ORDER BY year DESC, code`);
    return Promise.all(ids.map((r) => this.get(r.id)));
  }

  async get(id: string): Promise<CampaignView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFound('Không tìm thấy kỳ thi');
    const [c] = await this.db.query(
      `SELECT id, code, name, year, version, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt" FROM campaigns WHERE id = $1`,
      [id],
    );
    if (!c) throw new NotFound('Không tìm thấy kỳ thi');
    const sessions: SessionRow[] = await this.db.query(
      `SELECT code, name, starts_at AS "startsAt", ends_at AS "endsAt" FROM campaign_sessions WHERE campaign_id = $1 ORDER BY starts_at, code`,
      [id],
    );
    return {
      ...c,
      createdAt: new Date(c.createdAt).toISOString(),
      updatedAt: new Date(c.updatedAt).toISOString(),
      sessions: sessions.map((s) => ({ code: s.code, name: s.name, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
    };
  }

  /** PATCH: the name, and sessions changed by code or added; the version moves on. */
  async patch(actor: Actor, id: string, dto: PatchCampaignDto): Promise<CampaignView> {
    await this.assertMayManage(actor);
    if (dto.name === undefined && !dto.sessions?.length) throw new InvalidInput(['body: nothing to change (name or sessions)']);
    const current = await this.get(id);
    if (dto.expectedVersion !== undefined && dto.expectedVersion !== current.version) throw new VersionConflict(dto.expectedVersion, current.version);
    const known = new Map(current.sessions.map((s) => [s.code, s]));
    const changed = (dto.sessions ?? []).map((s, i) => {
      const was = known.get(s.code);
      if (!was && (s.name === undefined || s.startsAt === undefined || s.endsAt === undefined)) {
        throw new InvalidInput([`sessions.${i}: buổi thi mới "${s.code}" cần name, startsAt và endsAt`]);
      }
      return this.session({ code: s.code, name: s.name ?? was!.name, startsAt: s.startsAt ?? was!.startsAt, endsAt: s.endsAt ?? was!.endsAt }, `sessions.${i}`);
    });
    this.assertDistinct(changed.map((s) => s.code));
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT version FROM campaigns WHERE id = $1 FOR UPDATE`, [id]);
      if (row.version !== current.version) throw new VersionConflict(current.version, row.version);
      await tx.query(`UPDATE campaigns SET name = COALESCE($2, name), version = version + 1, updated_at = $3 WHERE id = $1`, [id, dto.name?.trim() ?? null, this.clock.now()]);
      await this.writeSessions(tx, id, changed);
    });
    await this.audit.record({
      actor: actor.username,
      action: 'campaign.change',
      target: current.code,
      detail: { ...(dto.name !== undefined ? { name: dto.name } : {}), sessions: changed.map((s) => ({ code: s.code, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) },
    });
    return this.get(id);
  }

  private async writeSessions(tx: EntityManager, id: string, sessions: SessionRow[]): Promise<void> {
    if (!sessions.length) return;
    await tx.query(
      `INSERT INTO campaign_sessions (campaign_id, code, name, starts_at, ends_at)
       SELECT $1, t.code, t.name, t.starts_at, t.ends_at FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(code, name, starts_at, ends_at)
       ON CONFLICT (campaign_id, code) DO UPDATE SET name = EXCLUDED.name, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at`,
      [id, sessions.map((s) => s.code), sessions.map((s) => s.name), sessions.map((s) => s.startsAt), sessions.map((s) => s.endsAt)],
    );
  }

  private session(s: { code: string; name: string; startsAt: string; endsAt: string }, path: string): SessionRow {
    const startsAt = new Date(s.startsAt);
    const endsAt = new Date(s.endsAt);
    if (endsAt.getTime() <= startsAt.getTime()) throw new InvalidInput([`${path}: endsAt phải sau startsAt`]);
    return { code: s.code, name: s.name.trim(), startsAt, endsAt };
  }

  private assertDistinct(codes: string[]): void {
    const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
    if (twice.length) throw new InvalidInput([`sessions: mã buổi thi lặp lại: ${[...new Set(twice)].join(', ')}`]);
  }

  /** SPEC §8: an administrator, or a head or deputy head of a ministry. */
  private async assertMayManage(actor: Actor): Promise<void> {
    if (actor.position === 'admin') return;
    if ((actor.position === 'head' || actor.position === 'deputy_head') && actor.agencyCode) {
      const [a] = await this.db.query(`SELECT level FROM agencies WHERE code = $1`, [actor.agencyCode]);
      if (a?.level === 'ministry') return;
    }
    throw new NotPermitted('Chỉ quản trị viên hoặc lãnh đạo Bộ được tạo, sửa kỳ thi');
  }
}
