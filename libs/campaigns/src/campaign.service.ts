import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/src';
import { Clock } from '../../config/src';
import { Conflict, isLeaderPosition, InvalidInput, NotFound, NotPermitted, VersionConflict, type Actor, type CampaignView } from '../../domain/src';
import { DeadlineMover, type MovedDeadline } from '../../documents/src/deadlines/deadline-mover';
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
 * Moving a session moves every open deadline anchored to it (DeadlineMover),
 * right after the change commits; `moved_version` says how far that got.
 */
@Injectable()
export class CampaignService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly mover: DeadlineMover,
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
        `INSERT INTO campaigns (id, code, name, year, version, moved_version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, 1, $5, $6, $6)`,
        [id, dto.code, dto.name.trim(), dto.year, actor.username, now],
      );
      await this.writeSessions(tx, id, sessions);
    });
    await this.audit.record({ actor: actor.username, action: 'campaign.create', target: dto.code, detail: { sessions: sessions.length } });
    return this.get(id);
  }

  async list(): Promise<CampaignView[]> {
    return this.read(this.db.manager, 'true', []);
  }

  async get(id: string): Promise<CampaignView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFound('Không tìm thấy kỳ thi');
    const [c] = await this.read(this.db.manager, 'c.id = $1', [id]);
    if (!c) throw new NotFound('Không tìm thấy kỳ thi');
    return c;
  }

  /** Campaigns with their sessions (earliest first), in one query; `FOR UPDATE` locks them when asked. */
  private async read(q: EntityManager, where: string, params: unknown[], lock = false): Promise<CampaignView[]> {
    const rows: Array<Omit<CampaignView, 'sessions' | 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date; sessions: SessionRow[] }> = await q.query(
      `SELECT c.id, c.code, c.name, c.year, c.version, c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
              COALESCE((SELECT json_agg(json_build_object('code', s.code, 'name', s.name, 'startsAt', s.starts_at, 'endsAt', s.ends_at)
                                        ORDER BY s.starts_at, s.code)
                          FROM campaign_sessions s WHERE s.campaign_id = c.id), '[]') AS sessions
         FROM campaigns c WHERE ${where} ORDER BY c.year DESC, c.code${lock ? ' FOR UPDATE OF c' : ''}`,
      params,
    );
    const iso = (d: Date | string) => new Date(d).toISOString();
    return rows.map((c) => ({
      ...c,
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
      sessions: c.sessions.map((x) => ({ code: x.code, name: x.name, startsAt: iso(x.startsAt), endsAt: iso(x.endsAt) })),
    }));
  }

  /**
   * PATCH: the name, and sessions changed by code or added; the version moves on. When a session's times
   * changed, the documents' deadlines anchored to the sessions move with them (each in its own
   * transaction, after this one commits); the answer lists what moved.
   */
  async patch(actor: Actor, id: string, dto: PatchCampaignDto): Promise<CampaignView & { moved: MovedDeadline[] }> {
    await this.assertMayManage(actor);
    if (dto.name === undefined && !dto.sessions?.length) throw new InvalidInput(['body: nothing to change (name or sessions)']);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFound('Không tìm thấy kỳ thi');
    const { code, changed, retimed } = await this.db.transaction(async (tx) => {
      const [current] = await this.read(tx, 'c.id = $1', [id], true);
      if (!current) throw new NotFound('Không tìm thấy kỳ thi');
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== current.version) throw new VersionConflict(dto.expectedVersion, current.version);
      const known = new Map(current.sessions.map((x) => [x.code, x]));
      const changed = (dto.sessions ?? []).map((x, i) => {
        const was = known.get(x.code);
        if (!was && (x.name === undefined || x.startsAt === undefined || x.endsAt === undefined)) {
          throw new InvalidInput([`sessions.${i}: buổi thi mới "${x.code}" cần name, startsAt và endsAt`]);
        }
        return this.session({ code: x.code, name: x.name ?? was!.name, startsAt: x.startsAt ?? was!.startsAt, endsAt: x.endsAt ?? was!.endsAt }, `sessions.${i}`);
      });
      this.assertDistinct(changed.map((x) => x.code));
      // Sessions whose times changed (a new session can be the first or the last): their documents have deadlines to move.
      const retimed = changed.some((x) => {
        const was = known.get(x.code);
        return !was || new Date(was.startsAt).getTime() !== x.startsAt.getTime() || new Date(was.endsAt).getTime() !== x.endsAt.getTime();
      });
      await tx.query(
        `UPDATE campaigns SET name = COALESCE($2, name), version = version + 1, updated_at = $3,
                moved_version = CASE WHEN $4 OR moved_version < version THEN moved_version ELSE version + 1 END
          WHERE id = $1`,
        [id, dto.name?.trim() ?? null, this.clock.now(), retimed],
      );
      await this.writeSessions(tx, id, changed);
      return { code: current.code, changed, retimed };
    });
    await this.audit.record({
      actor: actor.username,
      action: 'campaign.change',
      target: code,
      detail: { ...(dto.name !== undefined ? { name: dto.name } : {}), sessions: changed.map((s) => ({ code: s.code, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) },
    });
    const moved = retimed ? await this.mover.moveCampaign(id) : [];
    return { ...(await this.get(id)), moved };
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
    if (isLeaderPosition(actor.position) && actor.agencyCode) {
      const [a] = await this.db.query(`SELECT level FROM agencies WHERE code = $1`, [actor.agencyCode]);
      if (a?.level === 'ministry') return;
    }
    throw new NotPermitted('Chỉ quản trị viên hoặc lãnh đạo Bộ được tạo, sửa kỳ thi');
  }
}
