import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, TaskView } from '../../../domain/src';
import { delegatorsOf, recipientCovers, urgencyRank, visibleTo } from '../../../persistence/src/sql';

const COLUMNS = `d.id AS "documentId", d.type, d.title, d.number, d.urgency, d.state, d.confidentiality`;
/** What every branch but the per-session reports' has in the session column. */
const NO_SESSION = `NULL::text AS session`;

/** What the caller owes now, soonest deadline first (SPEC §3 GET /api/tasks). */
@Injectable()
export class TaskService {
  constructor(private readonly db: DataSource) {}

  async forActor(actor: Actor): Promise<TaskView[]> {
    const rows: Array<Omit<TaskView, 'deadline' | 'overdue' | 'session'> & { deadline: Date | null; session: string | null }> = await this.db.query(
      `SELECT * FROM (
         SELECT 'opinion' AS kind, ${COLUMNS}, d.consultation_deadline AS deadline, NULL AS "onBehalfOf", ${NO_SESSION}
           FROM consultations c JOIN documents d ON d.id = c.document_id
          WHERE $4 IN ('officer', 'deputy_unit_head', 'unit_head') AND c.status = 'pending' AND d.state = 'consulting'
            AND c.agency_code = $2 AND c.unit_code = $3
         UNION ALL
         -- Kiểm tra trước khi ký (Điều 12.1): the drafting unit's head, by the signature's deadline.
         SELECT 'review', ${COLUMNS}, d.signature_deadline, NULL, NULL
           FROM documents d
          WHERE $4 = 'unit_head' AND d.state = 'awaiting_review' AND d.agency_code = $2 AND d.unit_code = $3
         UNION ALL
         SELECT 'signature', ${COLUMNS}, d.signature_deadline, NULLIF(d.signer, $1), NULL
           FROM documents d
          WHERE d.state = 'awaiting_signature'
            AND (d.signer = $1 OR d.signer IN (${delegatorsOf('$1')}))
         UNION ALL
         SELECT 'dissemination', ${COLUMNS}, d.dissemination_deadline, NULL, NULL
           FROM documents d WHERE $4 = 'clerk' AND d.state = 'signed' AND d.agency_code = $2
         UNION ALL
         SELECT DISTINCT 'report', ${COLUMNS}, d.report_deadline, NULL, NULL
           FROM recipients r JOIN documents d ON d.id = r.document_id
          WHERE r.report_status = 'pending' AND d.state = 'disseminated' AND d.report_deadline IS NOT NULL AND r.report_submitted_at IS NULL
            AND ${recipientCovers('r', { username: '$1', agency: '$2', unit: '$3' })}
         UNION ALL
         -- Per-session reports (SPEC §8): one task per session still owed.
         SELECT DISTINCT 'report', ${COLUMNS}, sr.due_at, NULL, sr.session_code
           FROM session_reports sr JOIN recipients r ON r.document_id = sr.document_id AND r.idx = sr.recipient_idx
           JOIN documents d ON d.id = sr.document_id
          WHERE sr.status = 'pending' AND d.state = 'disseminated'
            AND ${recipientCovers('r', { username: '$1', agency: '$2', unit: '$3' })}
       ) t
       -- A secret document is the task only of those who may read it (SPEC §9): not of every officer of a unit it
       -- concerns.
       WHERE t.confidentiality = 'normal'
          OR EXISTS (SELECT 1 FROM documents d WHERE d.id = t."documentId" AND ${visibleTo('d', { username: '$1', agency: '$2', unit: '$3', position: '$4::text' })})
       ORDER BY t.deadline ASC NULLS LAST,
                ${urgencyRank('t.urgency')}, t."documentId"`,
      [actor.username, actor.agencyCode, actor.unitCode, actor.position],
    );
    const now = Date.now();
    return rows.map(({ session, ...r }) => ({
      ...r,
      ...(session ? { session } : {}),
      deadline: r.deadline ? r.deadline.toISOString() : null,
      overdue: r.deadline ? r.deadline.getTime() < now : false,
    }));
  }
}
