import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { InvalidInput, isSecret } from '../../../domain/src';
import { defineCommand, type CommandInput } from './command';
import { resolveUnits, type UnitRef } from './references';
import { headlessUnits } from './recipients';
import { DEADLINE_SCHEMA, IsDeadlineInput, anchorChange, anchorInHistory, resolveDeadline, type DeadlineInput } from './deadline-input';

export class SubmitForConsultationPayload {
  @ApiProperty({ example: ['QLCL', 'TTr'], description: 'unit codes; `AGENCY/UNIT` for a unit of another agency' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(101, { each: true })
  consultees: string[];

  @ApiPropertyOptional({ ...DEADLINE_SCHEMA, description: 'a moment, or anchored to the campaign (SPEC §8); or give workingDays instead' })
  @ValidateIf((p: SubmitForConsultationPayload) => p.workingDays === undefined || p.deadline !== undefined)
  @IsDeadlineInput()
  deadline?: DeadlineInput;

  @ApiPropertyOptional({ example: 3, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  workingDays?: number;
}

function deadlineOf(input: CommandInput<SubmitForConsultationPayload>): Date {
  const { payload, now, calendar } = input;
  if (payload.deadline !== undefined && payload.workingDays !== undefined) {
    throw new InvalidInput(['deadline, workingDays: give one of them, not both']);
  }
  return payload.workingDays !== undefined ? calendar.addWorkingDays(now, payload.workingDays) : resolveDeadline(payload.deadline!, 'deadline', input);
}

/**
 * Lấy ý kiến: the drafter sends the draft to other units, with a deadline
 * (a date, or a number of working days). A new round replaces the answers of
 * an earlier one (they stay in the history).
 */
export const submitForConsultation = defineCommand<SubmitForConsultationPayload, UnitRef[]>({
  payload: SubmitForConsultationPayload,
  example: { consultees: ['QLCL', 'TTr'], workingDays: 3 },
  probe: () => ({ type: 'SUBMIT_FOR_CONSULTATION', consultees: ['?'] }),
  gather: async (tx, { doc, payload }) => {
    const units = await resolveUnits(tx, payload.consultees, doc.agencyCode, payload.consultees.map((_, i) => `consultees.${i}`));
    if (isSecret(doc)) {
      const headless = await headlessUnits(tx, units.map((u, i) => ({ ...u, at: `consultees.${i}` })));
      if (headless.length) throw new InvalidInput(headless);
    }
    return units;
  },
  check: (input) => void deadlineOf(input),
  plan: (input, units) => {
    const { doc } = input;
    const deadline = deadlineOf(input);
    const own = units.findIndex((u) => u.agencyCode === doc.agencyCode && u.unitCode === doc.unitCode);
    if (own >= 0) throw new InvalidInput([`consultees.${own}: không lấy ý kiến chính đơn vị soạn thảo (${doc.unitCode})`]);
    const keys = units.map((u) => `${u.agencyCode}/${u.unitCode}`);
    if (new Set(keys).size !== keys.length) throw new InvalidInput(['consultees: một đơn vị được nêu hai lần']);
    return {
      machineEvent: { type: 'SUBMIT_FOR_CONSULTATION', consultees: keys },
      set: { consultationDeadline: deadline, ...anchorChange(doc.anchors, { consultationDeadline: input.payload.deadline ?? null }) },
      payload: { consultees: keys, deadline: deadline.toISOString(), ...anchorInHistory({ consultationDeadline: input.payload.deadline }) },
      write: async (tx) => {
        await tx.query(`DELETE FROM consultations WHERE document_id = $1`, [doc.id]);
        await tx.query(
          `INSERT INTO consultations (document_id, agency_code, unit_code, status)
           SELECT $1, * , 'pending' FROM unnest($2::text[], $3::text[])`,
          [doc.id, units.map((u) => u.agencyCode), units.map((u) => u.unitCode)],
        );
      },
    };
  },
});
