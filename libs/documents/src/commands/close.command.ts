import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { defineCommand } from './command';

export class ClosePayload {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  summary: string;
}

/** Kết thúc: the drafting unit closes the follow-up; reports still owed (per-session ones too) are closed with it. */
export const close = defineCommand<ClosePayload>({
  payload: ClosePayload,
  example: { summary: 'Các Sở đã báo cáo; tổng hợp gửi Lãnh đạo Bộ.' },
  plan: ({ doc, payload: { summary } }) => ({
    machineEvent: { type: 'CLOSE' },
    set: { closingSummary: summary },
    payload: { summary },
    write: async (tx) => {
      await tx.query(`UPDATE recipients SET report_status = 'closed' WHERE document_id = $1 AND report_status = 'pending'`, [doc.id]);
      await tx.query(`UPDATE session_reports SET status = 'closed' WHERE document_id = $1 AND status = 'pending'`, [doc.id]);
    },
  }),
});
