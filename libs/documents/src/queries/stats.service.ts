import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { stageDeadlinePassed } from '../../../persistence/src/sql';
import { NotPermitted, STATES, type Actor, type DocumentState, type Overview, type OverdueByAgency, type OverdueByUnit, type Position } from '../../../domain/src';

export type { Overview, OverdueByAgency, OverdueByUnit };

const READERS: readonly Position[] = ['head', 'acting_head', 'deputy_head', 'unit_head', 'admin'];

/** The agency's documents per state; $1 the caller's agency, or null for all of them. */
export const STATE_COUNTS_SQL = `SELECT d.state, count(*)::int AS count FROM documents d
  WHERE $1::text IS NULL OR d.agency_code = $1 GROUP BY d.state`;

/**
 * Items still owed past their deadline at $2, one row each, with who owes
 * it — the same stages as the list's `overdue=true` filter, but counted per
 * debtor: a pending consultee, the leadership of the agency (signature,
 * dissemination), a recipient whose report is pending. In scope: what is owed
 * on the agency's own documents, and what the agency owes on others' (a Sở's
 * late report to the Ministry). $1 agency or null for all.
 * Grouped per unit and per agency in one pass (GROUPING SETS).
 */
export const OVERDUE_SQL = `WITH owed AS (
    SELECT d.agency_code AS doc_agency, c.agency_code, c.unit_code
      FROM documents d JOIN consultations c ON c.document_id = d.id
     WHERE ${stageDeadlinePassed('d', 'consulting', '$2')} AND c.status = 'pending'
    UNION ALL
    SELECT d.agency_code, d.agency_code, NULL::text
      FROM documents d
     WHERE ${stageDeadlinePassed('d', 'awaiting_signature', '$2')} OR ${stageDeadlinePassed('d', 'signed', '$2')}
    UNION ALL
    SELECT d.agency_code, r.agency_code, r.unit_code
      FROM documents d JOIN recipients r ON r.document_id = d.id
     WHERE ${stageDeadlinePassed('d', 'disseminated', '$2')} AND r.report_status = 'pending'
       AND r.agency_code IS NOT NULL), -- an external body's report is the issuing clerk's to record
  grouped AS (
    SELECT o.agency_code, o.unit_code, GROUPING(o.unit_code) = 1 AS whole_agency, count(*)::int AS count
      FROM owed o
     WHERE $1::text IS NULL OR o.doc_agency = $1 OR o.agency_code = $1
     GROUP BY GROUPING SETS ((o.agency_code, o.unit_code), (o.agency_code)))
  SELECT g.agency_code AS "agencyCode", g.unit_code AS "unitCode", u.name AS "unitName",
         a.name AS "agencyName", g.whole_agency AS "wholeAgency", g.count
    FROM grouped g
    LEFT JOIN units u ON NOT g.whole_agency AND u.agency_code = g.agency_code AND u.code = g.unit_code
    LEFT JOIN agencies a ON a.code = g.agency_code
   ORDER BY g.count DESC, g.agency_code, g.unit_code NULLS FIRST`;

/**
 * The leaders' "Overview" page: heads, deputy heads and unit heads see their
 * own agency's documents and what their agency owes on others', an
 * administrator everything.
 */
@Injectable()
export class StatsService {
  constructor(private readonly db: DataSource) {}

  async overview(actor: Actor): Promise<Overview> {
    if (!READERS.includes(actor.position)) {
      throw new NotPermitted('Trang tổng quan dành cho lãnh đạo cơ quan, lãnh đạo đơn vị và quản trị viên');
    }
    const agency = actor.position === 'admin' ? null : actor.agencyCode;
    const now = new Date();
    const states: Array<{ state: DocumentState; count: number }> = await this.db.query(STATE_COUNTS_SQL, [agency]);
    const groups: Array<OverdueByUnit & { agencyName: string; wholeAgency: boolean }> = await this.db.query(OVERDUE_SQL, [
      agency,
      now,
    ]);
    const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<DocumentState, number>;
    for (const { state, count } of states) byState[state] = count;
    const byUnit: OverdueByUnit[] = [];
    const byAgency: OverdueByAgency[] = [];
    for (const g of groups) {
      if (g.wholeAgency) byAgency.push({ agencyCode: g.agencyCode, agencyName: g.agencyName, count: g.count });
      else byUnit.push({ agencyCode: g.agencyCode, unitCode: g.unitCode, unitName: g.unitName, count: g.count });
    }
    return {
      generatedAt: now.toISOString(),
      byState,
      overdue: { total: byAgency.reduce((n, a) => n + a.count, 0), byUnit, byAgency },
    };
  }
}
