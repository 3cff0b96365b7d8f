import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { InvalidInput, PURPOSES, type Purpose } from '../../../domain/src';
import { iso } from '../queries/document.view';
import { defineCommand } from './command';
import { futureDate, resolveUnits, type UnitRef } from './references';

export class RecipientDto {
  @ApiPropertyOptional({ example: 'SGDĐT-DL' })
  @ValidateIf((r: RecipientDto) => r.unitCode === undefined || r.agencyCode !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'agencyCode or unitCode is required' })
  @MaxLength(50)
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'VP' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  unitCode?: string;

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose: Purpose;
}

export class DisseminatePayload {
  @ApiProperty({ type: [RecipientDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients: RecipientDto[];

  @ApiPropertyOptional({ description: 'required when a recipient has purpose implement' })
  @ValidateIf(
    (p: DisseminatePayload) =>
      p.reportDeadline !== undefined ||
      (Array.isArray(p.recipients) && p.recipients.some((r) => r?.purpose === 'implement')),
  )
  @IsISO8601({ strict: true }, { message: 'reportDeadline must be an ISO 8601 date (required when a recipient implements)' })
  reportDeadline?: string;
}

/** What the recipients name, as the organisation knows it. */
interface Known {
  /** The units named, resolved, in the order they appear among the recipients. */
  units: UnitRef[];
  /** The agency codes named that exist. */
  agencies: ReadonlySet<string>;
}

interface Recipient {
  agencyCode: string;
  unitCode: string | null;
  purpose: Purpose;
}

/**
 * Phát hành: the clerk sends the signed document to its recipients (an
 * agency as a whole, or a unit), each for a purpose; those that `implement`
 * owe a report by `reportDeadline`.
 */
export const disseminate = defineCommand<DisseminatePayload, Known>({
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
    const unitRefs = payload.recipients.map((r, i) => ({ r, i })).filter(({ r }) => r.unitCode !== undefined);
    const units = await resolveUnits(
      tx,
      unitRefs.map(({ r }) => (r.agencyCode ? `${r.agencyCode}/${r.unitCode}` : r.unitCode!)),
      doc.agencyCode,
      unitRefs.map(({ i }) => `recipients.${i}`),
    );
    const agencyCodes = payload.recipients.filter((r) => r.unitCode === undefined).map((r) => r.agencyCode!);
    const rows: Array<{ code: string }> = await tx.query(`SELECT code FROM agencies WHERE code = ANY($1)`, [agencyCodes]);
    return { units, agencies: new Set(rows.map((r) => r.code)) };
  },
  plan: ({ doc, payload, now }, known) => {
    const resolved: Recipient[] = [];
    const errors: string[] = [];
    let u = 0;
    payload.recipients.forEach((r, i) => {
      if (r.unitCode !== undefined) {
        resolved.push({ ...known.units[u++], purpose: r.purpose });
      } else if (!known.agencies.has(r.agencyCode!)) {
        errors.push(`recipients.${i}.agencyCode: không có cơ quan "${r.agencyCode}"`);
      } else {
        resolved.push({ agencyCode: r.agencyCode!, unitCode: null, purpose: r.purpose });
      }
    });
    if (errors.length) throw new InvalidInput(errors);
    const keys = resolved.map((r) => `${r.agencyCode}/${r.unitCode ?? '*'}`);
    const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (dup >= 0) throw new InvalidInput([`recipients.${dup}: nơi nhận lặp lại`]);
    const reportDeadline = payload.reportDeadline ? futureDate(payload.reportDeadline, 'reportDeadline', now) : null;
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
