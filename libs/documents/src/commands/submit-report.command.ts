import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { pendingReportsOf, type Actor, type DocumentFacts } from '../../../domain/src';
import { factsOf, type DocumentRow } from '../queries/document.view';
import { defineCommand } from './command';

export class SubmitReportPayload {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  content: string;
}

/** The recipient rows whose report the caller owes. */
const mine = (facts: DocumentFacts, actor: Actor) => (pendingReportsOf(facts, actor) as DocumentRow['recipients']).map((r) => r.idx);

/** Báo cáo: a recipient that implements reports back (and so has received it). */
export const submitReport = defineCommand<SubmitReportPayload>({
  payload: SubmitReportPayload,
  example: { content: 'Sở đã tổ chức triển khai Kế hoạch tới các trường THPT trên địa bàn.' },
  probe: (facts, actor) => ({ type: 'SUBMIT_REPORT', reports: mine(facts, actor).map(String) }),
  plan: ({ doc, actor, payload, now }) => {
    const idx = mine(factsOf(doc), actor);
    return {
      machineEvent: { type: 'SUBMIT_REPORT', reports: idx.map(String) },
      payload: { recipients: idx, content: payload.content },
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
