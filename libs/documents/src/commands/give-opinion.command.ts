import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { pendingConsultationOf } from '../../../domain/src';
import { factsOf } from '../queries/document.view';
import { defineCommand } from './command';

export class GiveOpinionPayload {
  @ApiProperty()
  @IsBoolean()
  agree: boolean;

  @ApiPropertyOptional({ description: 'required when agree is false' })
  @ValidateIf((p: GiveOpinionPayload) => p.agree === false || p.comment !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'comment is required when agree is false' })
  @MaxLength(20_000)
  comment?: string;
}

/** Góp ý: a consulted unit answers, for the unit (the policy has checked that the caller's unit is pending). */
export const giveOpinion = defineCommand<GiveOpinionPayload, number | null>({
  payload: GiveOpinionPayload,
  example: { agree: false, comment: 'Cần bổ sung kinh phí' },
  probe: (facts, actor) => {
    const c = pendingConsultationOf(facts, actor);
    return { type: 'GIVE_OPINION', consultee: c ? `${c.agencyCode}/${c.unitCode}` : '' };
  },
  // The draft revision the unit is answering on: the newest draft file (libs/files writes document_files).
  gather: async (tx, { doc }) => {
    const [r] = await tx.query(
      `SELECT max(revision) AS n FROM document_files WHERE document_id = $1 AND kind = 'draft' AND removed_at IS NULL`,
      [doc.id],
    );
    return r?.n ?? null;
  },
  plan: ({ doc, actor, payload, now }, onRevision) => {
    const c = pendingConsultationOf(factsOf(doc), actor)!;
    const unit = `${c.agencyCode}/${c.unitCode}`;
    const status = payload.agree ? 'agreed' : 'disagreed';
    const comment = payload.comment ?? null;
    return {
      machineEvent: { type: 'GIVE_OPINION', consultee: unit },
      payload: { unit, agree: payload.agree, comment, onRevision },
      write: async (tx) => {
        await tx.query(
          `UPDATE consultations SET status = $4, comment = $5, answered_at = $6, answered_by = $7, on_revision = $8
            WHERE document_id = $1 AND agency_code = $2 AND unit_code = $3`,
          [doc.id, c.agencyCode, c.unitCode, status, comment, now, actor.username, onRevision],
        );
      },
    };
  },
});
