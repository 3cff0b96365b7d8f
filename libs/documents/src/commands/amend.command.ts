import { ApiPropertyOptional } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Conflict, type AmendKind } from '../../../domain/src';
import { defineCommand } from './command';

export class AmendPayload {
  @ApiPropertyOptional({ example: 'V/v đính chính Kế hoạch số 15/KH-BGDĐT', description: 'the new draft’s title; by default one written from the original' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title?: string;

  @ApiPropertyOptional({ description: 'the new draft’s text; by default the original’s (a replacement) or a correction’s opening' })
  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  body?: string;
}

/** The draft a CORRECT or REPLACE starts, as DocumentService.createAmendment writes it after the original's entry. */
export interface AmendmentDraft {
  id: string;
  kind: AmendKind;
  title?: string;
  body?: string;
}

/**
 * Đính chính / thay thế (Nghị định 30 Điều 18.3, SPEC §9): a document out
 * with an error of form is corrected by a công văn of its agency; one with an
 * error of content is replaced by a document of its own kind. Either starts a
 * new draft of the drafting unit, linked to the original (`corrects` /
 * `replaces`) and citing it; the original's history records it. One
 * replacement at a time.
 */
function amend(kind: AmendKind) {
  return defineCommand<AmendPayload, { openReplacement: string | null }>({
    payload: AmendPayload,
    example: kind === 'correction' ? { title: 'V/v đính chính Kế hoạch số 15/KH-BGDĐT' } : {},
    gather: async (tx, { doc }) => {
      const [open] = await tx.query(
        `SELECT id FROM documents WHERE amends = $1 AND amend_kind = 'replacement' AND state NOT IN ('withdrawn', 'recalled') LIMIT 1`,
        [doc.id],
      );
      return { openReplacement: open?.id ?? null };
    },
    plan: ({ doc, payload }, { openReplacement }) => {
      if (kind === 'replacement' && (doc.replacedBy || openReplacement)) {
        throw new Conflict(`Văn bản đã có văn bản thay thế (${doc.replacedBy ?? openReplacement})`);
      }
      const draft: AmendmentDraft = { id: randomUUID(), kind, ...(payload.title ? { title: payload.title } : {}), ...(payload.body !== undefined ? { body: payload.body } : {}) };
      return {
        machineEvent: { type: kind === 'correction' ? 'CORRECT' : 'REPLACE' },
        payload: { draftId: draft.id },
        amendment: draft,
      };
    },
  });
}

export const correct = amend('correction');
export const replace = amend('replacement');
