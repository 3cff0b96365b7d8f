import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Conflict, InvalidInput, externalRecipientsFor, pendingReportsOf, type Actor, type DocumentFacts } from '../../../domain/src';
import { factsOf } from '../queries/document.view';
import { recipientRowsFor } from './acknowledge.command';
import { defineCommand } from './command';

export class SubmitReportPayload {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  content: string;

  @ApiPropertyOptional({ example: 'UBND-DL', description: 'an external recipient whose report the issuing agency’s clerk records (SPEC §7)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  externalCode?: string;

  @ApiPropertyOptional({ example: 'TOAN', description: 'the session a per-session report is for (SPEC §8); left out, the report by reportDeadline' })
  @IsOptional()
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,39}$/, { message: 'session: mã buổi thi (chữ in hoa không dấu, chữ số, gạch ngang)' })
  session?: string;
}

/** The recipient rows whose report the caller owes (or, a clerk of the issuer, records for an external body). */
const pending = (facts: DocumentFacts, actor: Actor, externalCode?: string) =>
  recipientRowsFor(facts, actor, externalCode, pendingReportsOf)
    .filter((r) => r.purpose === 'implement' && r.reportStatus === 'pending')
    .map((r) => r.idx);
const probeRows = (facts: DocumentFacts, actor: Actor) => {
  const own = pendingReportsOf(facts, actor);
  const external = externalRecipientsFor(facts, actor).filter((r) => r.purpose === 'implement' && r.reportStatus === 'pending');
  // The facts are the document's rows: each carries its idx.
  return [...own, ...external] as unknown as Array<{ idx: number }>;
};

/**
 * The workflow keys of what these recipient rows still owe (`idx` for the report by reportDeadline,
 * `idx@SESSION` for a session's, SPEC §8), as the document's snapshot has them.
 */
const owedKeys = (pendingKeys: readonly string[], idx: number[]) => pendingKeys.filter((k) => idx.includes(Number(k.split('@')[0])));

/**
 * Báo cáo: a recipient that implements reports back (and so has received it): the report by reportDeadline,
 * or, naming its `session`, one of the per-session reports. The recipient's report as a whole is submitted
 * once nothing of it is pending.
 */
export const submitReport = defineCommand<SubmitReportPayload>({
  payload: SubmitReportPayload,
  example: { content: 'Sở đã tổ chức triển khai Kế hoạch tới các trường THPT trên địa bàn.' },
  // Any one report the caller still owes: the one by reportDeadline (`idx`) or a session's (`idx@SESSION`).
  probe: (facts, actor, owed) => ({ type: 'SUBMIT_REPORT', reports: owedKeys(owed.pendingReports, probeRows(facts, actor).map((r) => r.idx)).slice(0, 1) }),
  plan: ({ doc, actor, payload, now }) => {
    const idx = pending(factsOf(doc), actor, payload.externalCode);
    if (idx.length === 0) throw new Conflict(payload.externalCode ? `${payload.externalCode} không còn báo cáo phải nộp` : 'Không còn báo cáo phải nộp');
    const owed = owedKeys(doc.snapshot.context.pendingReports, idx);
    const session = payload.session;
    const keys = owed.filter((k) => (session ? k.endsWith(`@${session}`) : !k.includes('@')));
    const asked = (code: string) =>
      doc.snapshot.context.pendingReports.some((k) => k.endsWith(`@${code}`)) || doc.recipients.some((r) => r.sessionReports?.some((x) => x.session === code));
    if (session && !asked(session)) {
      throw new InvalidInput([`session: văn bản không yêu cầu báo cáo buổi thi "${session}"`]);
    }
    if (keys.length === 0) {
      const sessions = [...new Set(owed.filter((k) => k.includes('@')).map((k) => k.split('@')[1]))];
      if (session) throw new Conflict(`Không còn báo cáo buổi thi ${session} phải nộp${sessions.length ? `; còn: ${sessions.join(', ')}` : ''}`);
      throw new InvalidInput([`session: bắt buộc — còn báo cáo nhanh của buổi thi ${sessions.join(', ')}`]);
    }
    const rows = keys.map((k) => Number(k.split('@')[0]));
    const written = { recipients: rows, content: payload.content, ...(session ? { session } : {}), ...(payload.externalCode ? { externalCode: payload.externalCode } : {}) };
    return {
      machineEvent: { type: 'SUBMIT_REPORT', reports: keys },
      payload: written,
      write: async (tx) => {
        if (session) {
          await tx.query(
            `UPDATE session_reports SET status = 'submitted', content = $4, submitted_at = $5, submitted_by = $6
              WHERE document_id = $1 AND recipient_idx = ANY($2) AND session_code = $3 AND status = 'pending'`,
            [doc.id, rows, session, payload.content, now, actor.username],
          );
        }
        // The report by reportDeadline is the recipient's own content; the whole is submitted when nothing else is owed.
        const remaining = new Set(owed.filter((k) => !keys.includes(k)).map((k) => Number(k.split('@')[0])));
        await tx.query(
          `UPDATE recipients SET report_status = CASE WHEN idx = ANY($6) THEN report_status ELSE 'submitted' END,
                  report_content = CASE WHEN $7 THEN report_content ELSE $3 END,
                  report_submitted_at = CASE WHEN $7 THEN report_submitted_at ELSE $4 END,
                  report_submitted_by = CASE WHEN $7 THEN report_submitted_by ELSE $5 END,
                  acknowledged_at = COALESCE(acknowledged_at, $4), acknowledged_by = COALESCE(acknowledged_by, $5)
            WHERE document_id = $1 AND idx = ANY($2)`,
          [doc.id, rows, payload.content, now, actor.username, [...remaining], session !== undefined],
        );
        // The last of a session's reports (or of the reports by reportDeadline) closes its deadline: nobody is reminded of it.
        await tx.query(
          `UPDATE deadlines d SET resolved_at = $3
            WHERE d.document_id = $1 AND d.kind = 'report' AND d.session_code = $2 AND d.resolved_at IS NULL
              AND CASE WHEN $2 = ''
                       THEN NOT EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = $1 AND r.purpose = 'implement'
                                                                    AND r.report_status = 'pending' AND r.report_submitted_at IS NULL)
                       ELSE NOT EXISTS (SELECT 1 FROM session_reports sr WHERE sr.document_id = $1 AND sr.session_code = $2 AND sr.status = 'pending') END`,
          [doc.id, session ?? '', now],
        );
      },
    };
  },
});
