import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand } from './command';

export class ApproveReviewPayload {
  @ApiPropertyOptional({ example: 'Nội dung, thể thức đã kiểm tra' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  note?: string;
}

/**
 * Kiểm tra trước khi ký (Nghị định 30 Điều 12.1, workflows version 2): the
 * head of the drafting unit answers for the content and sends it on to the
 * signer named at submission, by the deadline set then.
 */
export const approveReview = defineCommand<ApproveReviewPayload>({
  payload: ApproveReviewPayload,
  example: { note: 'Nội dung, thể thức đã kiểm tra' },
  plan: ({ doc, payload: { note } }) => ({
    machineEvent: { type: 'APPROVE_REVIEW' },
    payload: { signer: doc.signer, ...(note ? { note } : {}) },
  }),
});
