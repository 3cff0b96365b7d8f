import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand } from './command';

export class RevisePayload {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  note?: string;
}

/** Back to draft after the opinions, to revise it. */
export const revise = defineCommand<RevisePayload>({
  payload: RevisePayload,
  example: { note: 'Tiếp thu ý kiến Thanh tra' },
  plan: ({ payload: { note } }) => ({ machineEvent: { type: 'REVISE' }, payload: note ? { note } : {} }),
});
