import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { InvalidInput, PURPOSES, type ProposedRecipient, type Purpose } from '../../../domain/src';
import { resolveUnits } from './references';

/** A recipient as a request names it: an agency, a unit of the issuer (`unitCode`), or another's (both). */
export class RecipientDto {
  @ApiPropertyOptional({ example: 'SGDĐT-DL' })
  @ValidateIf((r: RecipientDto) => r.unitCode === undefined || r.agencyCode !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'agencyCode or unitCode is required' })
  @MaxLength(50)
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'VP' })
  @ValidateIf((r: RecipientDto) => r.unitCode !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  unitCode?: string;

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose: Purpose;
}

/** Nơi nhận proposed for the leader to sign (SPEC §7): the fields PATCH and SUBMIT_FOR_SIGNATURE share. */
export class ProposedRecipientsFields {
  @ApiPropertyOptional({
    type: [RecipientDto],
    description: 'Nơi nhận proposed for the leader to sign (SPEC §7): the signed PDF prints them, DISSEMINATE sends to them',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];

  @ApiPropertyOptional({ description: 'the report deadline proposed with the recipients', example: '2027-06-30T17:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  reportDeadline?: string;
}

/**
 * The recipients as the organisation knows them, in the order given: each
 * unit resolved (a bare `unitCode` is the issuing agency's), each agency
 * checked; none twice. `field` names them in the errors ("recipients.2…").
 */
export async function resolveRecipients(
  tx: EntityManager,
  issuingAgency: string,
  recipients: RecipientDto[],
  field = 'recipients',
): Promise<ProposedRecipient[]> {
  const unitRefs = recipients.map((r, i) => ({ r, i })).filter(({ r }) => r.unitCode !== undefined);
  const units = await resolveUnits(
    tx,
    unitRefs.map(({ r }) => (r.agencyCode ? `${r.agencyCode}/${r.unitCode}` : r.unitCode!)),
    issuingAgency,
    unitRefs.map(({ i }) => `${field}.${i}`),
  );
  const agencyCodes = recipients.filter((r) => r.unitCode === undefined).map((r) => r.agencyCode!);
  const rows: Array<{ code: string }> = await tx.query(`SELECT code FROM agencies WHERE code = ANY($1)`, [agencyCodes]);
  const agencies = new Set(rows.map((r) => r.code));
  const resolved: ProposedRecipient[] = [];
  const errors: string[] = [];
  let u = 0;
  recipients.forEach((r, i) => {
    if (r.unitCode !== undefined) resolved.push({ ...units[u++], purpose: r.purpose });
    else if (!agencies.has(r.agencyCode!)) errors.push(`${field}.${i}.agencyCode: không có cơ quan "${r.agencyCode}"`);
    else resolved.push({ agencyCode: r.agencyCode!, unitCode: null, purpose: r.purpose });
  });
  if (errors.length) throw new InvalidInput(errors);
  const keys = resolved.map(recipientKey);
  const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dup >= 0) throw new InvalidInput([`${field}.${dup}: nơi nhận lặp lại`]);
  return resolved;
}

export const recipientKey = (r: ProposedRecipient) => `${r.agencyCode}/${r.unitCode ?? '*'}:${r.purpose}`;

/**
 * What differs between the recipients the leader signed (proposed) and those
 * a DISSEMINATE names: empty when they are the same set.
 */
export function recipientDifference(signed: ProposedRecipient[], given: ProposedRecipient[]): string[] {
  const a = new Set(signed.map(recipientKey));
  const b = new Set(given.map(recipientKey));
  const show = (k: string) => k.replace('/*', '');
  return [
    ...[...b].filter((k) => !a.has(k)).map((k) => `recipients: "${show(k)}" không có trong Nơi nhận đã ký`),
    ...[...a].filter((k) => !b.has(k)).map((k) => `recipients: thiếu "${show(k)}" của Nơi nhận đã ký`),
  ];
}
