import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Conflict, InvalidInput, externalRecipientsFor, recipientCovers, unacknowledgedOf, type Actor, type DocumentFacts, type RecipientFact } from '../../../domain/src';
import { factsOf, type DocumentRow } from '../queries/document.view';
import { defineCommand } from './command';

export class AcknowledgePayload {
  @ApiPropertyOptional({
    example: 'UBND-DL',
    description: 'an external recipient whose acknowledgement the issuing agency’s clerk records (SPEC §7)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  externalCode?: string;
}

/**
 * The recipient rows a recipient event is for: the caller's own, or (a clerk
 * of the issuing agency naming `externalCode`) an external body's.
 */
export function recipientRowsFor(
  facts: DocumentFacts,
  actor: Actor,
  externalCode: string | undefined,
  own: (facts: DocumentFacts, actor: Actor) => RecipientFact[],
): DocumentRow['recipients'] {
  if (externalCode === undefined) {
    // A clerk of the issuing agency who is no recipient records for an external body: it must say which.
    if (!facts.recipients.some((r) => recipientCovers(r, actor)) && externalRecipientsFor(facts, actor).length > 0) {
      throw new InvalidInput(['externalCode: bắt buộc khi văn thư ghi nhận thay một cơ quan ngoài hệ thống']);
    }
    return own(facts, actor) as DocumentRow['recipients'];
  }
  const rows = externalRecipientsFor(facts, actor).filter((r) => r.externalCode === externalCode);
  if (rows.length === 0) throw new InvalidInput([`externalCode: "${externalCode}" không phải nơi nhận ngoài hệ thống của văn bản này`]);
  return rows as DocumentRow['recipients'];
}

/**
 * Xác nhận đã nhận: a recipient (unit, the agency's desk, the person named) acknowledges the document; for
 * an external body, the issuing agency's clerk records it.
 */
export const acknowledge = defineCommand<AcknowledgePayload>({
  payload: AcknowledgePayload,
  example: {},
  plan: ({ doc, actor, payload, now }) => {
    const rows = recipientRowsFor(factsOf(doc), actor, payload.externalCode, unacknowledgedOf).filter((r) => r.acknowledgedAt === null);
    if (rows.length === 0) throw new Conflict(payload.externalCode ? `Đã ghi nhận ${payload.externalCode} nhận văn bản này` : 'Đã xác nhận nhận văn bản này');
    const idx = rows.map((r) => r.idx);
    return {
      machineEvent: { type: 'ACKNOWLEDGE' },
      payload: { recipients: idx, ...(payload.externalCode ? { externalCode: payload.externalCode } : {}) },
      write: async (tx) => {
        await tx.query(
          `UPDATE recipients SET acknowledged_at = $3, acknowledged_by = $4 WHERE document_id = $1 AND idx = ANY($2)`,
          [doc.id, idx, now, actor.username],
        );
      },
    };
  },
});
