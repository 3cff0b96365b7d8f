import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Conflict, externalRecipientsFor, pendingReportsOf, type Actor, type DocumentFacts } from '../../../domain/src';
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

/** Báo cáo: a recipient that implements reports back (and so has received it). */
export const submitReport = defineCommand<SubmitReportPayload>({
  payload: SubmitReportPayload,
  example: { content: 'Sở đã tổ chức triển khai Kế hoạch tới các trường THPT trên địa bàn.' },
  probe: (facts, actor) => ({ type: 'SUBMIT_REPORT', reports: probeRows(facts, actor).map((r) => String(r.idx)) }),
  plan: ({ doc, actor, payload, now }) => {
    const idx = pending(factsOf(doc), actor, payload.externalCode);
    if (idx.length === 0) throw new Conflict(payload.externalCode ? `${payload.externalCode} không còn báo cáo phải nộp` : 'Không còn báo cáo phải nộp');
    return {
      machineEvent: { type: 'SUBMIT_REPORT', reports: idx.map(String) },
      payload: { recipients: idx, content: payload.content, ...(payload.externalCode ? { externalCode: payload.externalCode } : {}) },
      write: async (tx) => {
        await tx.query(
          `UPDATE recipients SET report_status = 'submitted', report_content = $3, report_submitted_at = $4,
                  report_submitted_by = $5,
                  acknowledged_at = COALESCE(acknowledged_at, $4), acknowledged_by = COALESCE(acknowledged_by, $5)
            WHERE document_id = $1 AND idx = ANY($2)`,
          [doc.id, idx, payload.content, now, actor.username],
        );
      },
    };
  },
});
