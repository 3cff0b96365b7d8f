import type { EntityManager } from 'typeorm';
import type { SessionTimes } from '../../domain/src';

/**
 * The sessions of a campaign, earliest first, as deadlines anchored to it need them (SPEC §8); null: no such
 * campaign. The campaign is share-locked for the caller's transaction: a PATCH moving its sessions waits
 * until a transition resolving against them has committed (and then moves that document too), or the
 * transition reads the new times.
 */
export async function campaignSessions(q: EntityManager, campaignId: string): Promise<SessionTimes[] | null> {
  const rows: Array<{ code: string; name: string; startsAt: Date; endsAt: Date; campaign: string | null }> = await q.query(
    `SELECT c.id AS campaign, s.code, s.name, s.starts_at AS "startsAt", s.ends_at AS "endsAt"
       FROM campaigns c LEFT JOIN campaign_sessions s ON s.campaign_id = c.id
      WHERE c.id = $1 ORDER BY s.starts_at, s.code
        FOR SHARE OF c`,
    [campaignId],
  );
  if (rows.length === 0) return null;
  return rows.filter((r) => r.code !== null).map((r) => ({ code: r.code, name: r.name, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) }));
}
