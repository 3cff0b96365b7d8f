import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, ValidateNested } from 'class-validator';
import { InvalidInput, type ProposedRecipient } from '../../../domain/src';
import { iso } from '../queries/document.view';
import { defineCommand } from './command';
import { futureDate } from './references';
import { RecipientDto, recipientDifference, resolveRecipients } from './recipients';

export { RecipientDto };

export class DisseminatePayload {
  @ApiPropertyOptional({
    type: [RecipientDto],
    description: 'required unless recipients were proposed before signature; given then, the same set (400 names the difference)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];

  @ApiPropertyOptional({ description: 'required when a recipient has purpose implement, unless proposed before signature' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'reportDeadline must be an ISO 8601 date' })
  reportDeadline?: string;
}

/**
 * Phát hành: the clerk sends the signed document to its recipients (an
 * agency as a whole, or a unit), each for a purpose; those that `implement`
 * owe a report by `reportDeadline`. Recipients proposed before signature
 * (SPEC §7) are what was signed: they are sent to as they are.
 */
export const disseminate = defineCommand<DisseminatePayload, ProposedRecipient[]>({
  payload: DisseminatePayload,
  example: {
    recipients: [
      { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
      { unitCode: 'VP', purpose: 'archive' },
    ],
    reportDeadline: '2027-06-30T17:00:00+07:00',
  },
  probe: () => ({ type: 'DISSEMINATE', reports: [] }),
  gather: async (tx, { doc, payload }) => {
    const signed = doc.proposedRecipients;
    if (!payload.recipients) {
      if (!signed?.length) throw new InvalidInput(['recipients: bắt buộc (văn bản được ký không kèm Nơi nhận đề xuất)']);
      return signed;
    }
    const given = await resolveRecipients(tx, doc.agencyCode, payload.recipients);
    if (signed?.length) {
      const difference = recipientDifference(signed, given);
      if (difference.length) throw new InvalidInput(difference);
    }
    return given;
  },
  plan: ({ doc, payload, now }, resolved) => {
    const deadlineText = payload.reportDeadline ?? (doc.proposedReportDeadline ? doc.proposedReportDeadline.toISOString() : undefined);
    const implement = resolved.some((r) => r.purpose === 'implement');
    if (implement && !deadlineText) {
      throw new InvalidInput(['reportDeadline must be an ISO 8601 date (required when a recipient implements)']);
    }
    const reportDeadline = deadlineText ? futureDate(deadlineText, 'reportDeadline', now) : null;
    const reports = resolved.flatMap((r, i) => (r.purpose === 'implement' ? [String(i)] : []));
    return {
      machineEvent: { type: 'DISSEMINATE', reports },
      set: { reportDeadline, disseminatedAt: now },
      payload: {
        recipients: resolved.map((r) => ({ agencyCode: r.agencyCode, unitCode: r.unitCode, purpose: r.purpose })),
        reportDeadline: iso(reportDeadline),
      },
      write: async (tx) => {
        await tx.query(
          `INSERT INTO recipients (document_id, idx, agency_code, unit_code, purpose, report_status)
           SELECT $1, t.idx, t.agency_code, t.unit_code, t.purpose,
                  CASE WHEN t.purpose = 'implement' THEN 'pending' END
             FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(idx, agency_code, unit_code, purpose)`,
          [
            doc.id,
            resolved.map((_, i) => i),
            resolved.map((r) => r.agencyCode),
            resolved.map((r) => r.unitCode),
            resolved.map((r) => r.purpose),
          ],
        );
      },
    };
  },
});
