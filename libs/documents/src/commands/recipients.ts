import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { InvalidInput, PURPOSES, type GroupMember, type ProposedRecipient, type Purpose } from '../../../domain/src';
import { DEADLINE_SCHEMA, IsDeadlineInput, type DeadlineInput } from './deadline-input';
import { resolveUnits } from './references';

/**
 * A recipient as a request names it (SPEC §7): exactly one of an agency (`agencyCode`), a unit (`unitCode`:
 * the issuer's, or another agency's with `agencyCode`), an external body (`externalCode`), a group
 * (`groupCode`) or a person (`username`); a purpose; an optional `note` printed after the name; `main` for
 * the addressees of Kính gửi.
 */
export class RecipientDto {
  @ApiPropertyOptional({ example: 'SGDĐT-DL' })
  @ValidateIf((_, v) => v !== undefined) // null is named as an error, not taken for absent
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'VP' })
  @ValidateIf((_, v) => v !== undefined) // null is named as an error, not taken for absent
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  unitCode?: string;

  @ApiPropertyOptional({ example: 'BCA', description: 'a body outside examflow (PUT /api/org externals)' })
  @ValidateIf((_, v) => v !== undefined) // null is named as an error, not taken for absent
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  externalCode?: string;

  @ApiPropertyOptional({ example: 'CAC-SO-GDDT', description: 'a group (PUT /api/org groups): printed by its name, sent to each member' })
  @ValidateIf((_, v) => v !== undefined) // null is named as an error, not taken for absent
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  groupCode?: string;

  @ApiPropertyOptional({ example: 'son.nk', description: 'a person' })
  @ValidateIf((_, v) => v !== undefined) // null is named as an error, not taken for absent
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username?: string;

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose: Purpose;

  @ApiPropertyOptional({ example: 'để p/h chỉ đạo', description: 'printed after the name, in brackets, in place of the purpose' })
  @ValidateIf((_, v) => v !== undefined) // null is named as an error, not taken for absent
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  note?: string;

  @ApiPropertyOptional({ description: 'an addressee of Kính gửi (công văn, tờ trình, báo cáo); Nơi nhận then opens with "- Như trên;"' })
  @IsOptional()
  @IsBoolean()
  main?: boolean;
}

/** Per-session reports (SPEC §8): each implementing recipient reports on every session, this many hours after it ends. */
export class SessionReportsDto {
  @ApiProperty({ example: 2, minimum: 1, maximum: 720 })
  @IsInt()
  @Min(1)
  @Max(720)
  hours: number;
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

  @ApiPropertyOptional({ ...DEADLINE_SCHEMA, description: 'the report deadline proposed with the recipients: a moment, or anchored to the campaign (SPEC §8)' })
  @IsOptional()
  @IsDeadlineInput()
  reportDeadline?: DeadlineInput;

  @ApiPropertyOptional({
    type: SessionReportsDto,
    nullable: true,
    description: 'per-session reports proposed with the recipients (SPEC §7, §8), for a document of a campaign; null withdraws them (PATCH)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SessionReportsDto)
  sessionReports?: SessionReportsDto | null;
}

/**
 * The recipients as the organisation knows them, in the order given: each
 * of exactly one kind, each unit resolved (a bare `unitCode` is the issuing
 * agency's), each agency, external body, group and person checked; none
 * twice. `field` names them in the errors ("recipients.2…").
 */
export async function resolveRecipients(
  tx: EntityManager,
  issuingAgency: string,
  recipients: RecipientDto[],
  field = 'recipients',
): Promise<ProposedRecipient[]> {
  const errors: string[] = [];
  const kinds = recipients.map((r, i) => {
    const named = [r.unitCode !== undefined || r.agencyCode !== undefined, r.externalCode !== undefined, r.groupCode !== undefined, r.username !== undefined];
    const count = named.filter(Boolean).length;
    if (count !== 1) {
      errors.push(
        count === 0
          ? `${field}.${i}.agencyCode: bắt buộc một trong agencyCode / unitCode, externalCode, groupCode, username`
          : `${field}.${i}: chỉ một trong agencyCode / unitCode, externalCode, groupCode, username`,
      );
      return null;
    }
    return r.externalCode !== undefined ? 'external' : r.groupCode !== undefined ? 'group' : r.username !== undefined ? 'person' : r.unitCode !== undefined ? 'unit' : 'agency';
  });
  if (errors.length) throw new InvalidInput(errors);
  const unitRefs = recipients.map((r, i) => ({ r, i })).filter(({ i }) => kinds[i] === 'unit');
  const units = await resolveUnits(
    tx,
    unitRefs.map(({ r }) => (r.agencyCode ? `${r.agencyCode}/${r.unitCode}` : r.unitCode!)),
    issuingAgency,
    unitRefs.map(({ i }) => `${field}.${i}`),
  );
  const codes = (kind: string, key: keyof RecipientDto) => recipients.filter((_, i) => kinds[i] === kind).map((r) => r[key] as string);
  const [agencyRows, externalRows, groupRows, userRows]: Array<Array<{ code: string; agencyCode?: string | null }>> = [
    await tx.query(`SELECT code FROM agencies WHERE code = ANY($1)`, [codes('agency', 'agencyCode')]),
    await tx.query(`SELECT code FROM external_bodies WHERE code = ANY($1)`, [codes('external', 'externalCode')]),
    await tx.query(`SELECT code FROM recipient_groups WHERE code = ANY($1)`, [codes('group', 'groupCode')]),
    await tx.query(`SELECT username AS code, agency_code AS "agencyCode" FROM users WHERE username = ANY($1) AND NOT disabled`, [codes('person', 'username')]),
  ];
  const has = (rows: Array<{ code: string }>, code: string) => rows.some((r) => r.code === code);
  const resolved: ProposedRecipient[] = [];
  let u = 0;
  recipients.forEach((r, i) => {
    const common = { purpose: r.purpose, ...(r.note ? { note: r.note } : {}), ...(r.main ? { main: true } : {}) };
    const none = { agencyCode: null, unitCode: null };
    switch (kinds[i]) {
      case 'unit':
        resolved.push({ ...units[u++], ...common });
        break;
      case 'agency':
        if (!has(agencyRows, r.agencyCode!)) errors.push(`${field}.${i}.agencyCode: không có cơ quan "${r.agencyCode}"`);
        else resolved.push({ agencyCode: r.agencyCode!, unitCode: null, ...common });
        break;
      case 'external':
        if (!has(externalRows, r.externalCode!)) errors.push(`${field}.${i}.externalCode: không có cơ quan ngoài hệ thống "${r.externalCode}"`);
        else resolved.push({ ...none, externalCode: r.externalCode!, ...common });
        break;
      case 'group':
        if (!has(groupRows, r.groupCode!)) errors.push(`${field}.${i}.groupCode: không có nhóm nơi nhận "${r.groupCode}"`);
        else resolved.push({ ...none, groupCode: r.groupCode!, ...common });
        break;
      case 'person': {
        const user = userRows.find((x) => x.code === r.username);
        if (!user?.agencyCode) errors.push(`${field}.${i}.username: không có người dùng "${r.username}" (đang hoạt động, thuộc một cơ quan)`);
        else resolved.push({ agencyCode: user.agencyCode, unitCode: null, username: r.username!, ...common });
        break;
      }
    }
  });
  if (errors.length) throw new InvalidInput(errors);
  const keys = resolved.map(recipientKey);
  const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dup >= 0) throw new InvalidInput([`${field}.${dup}: nơi nhận lặp lại`]);
  return resolved;
}

/** Who a recipient is, as a key: the kind and its code. */
export const whoKey = (r: ProposedRecipient) =>
  r.externalCode ? `ext:${r.externalCode}` : r.groupCode ? `group:${r.groupCode}` : r.username ? `user:${r.username}` : `${r.agencyCode}/${r.unitCode ?? '*'}`;

/** A recipient as a key: who, and for what. */
export const recipientKey = (r: ProposedRecipient) => `${whoKey(r)}:${r.purpose}`;

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

/** One delivery: a recipient as written, or a member of a group, with the group it came through. */
export interface Delivery extends ProposedRecipient {
  groupCode: string | null;
}

/**
 * The deliveries of a Nơi nhận (SPEC §7): each recipient as it is, each group
 * as its members (with the group's purpose, note and `main`); someone reached
 * twice (named and in a group, or in two groups) is delivered to once, as
 * first named, or as the naming that has it implement.
 */
export async function deliveries(tx: EntityManager, written: ProposedRecipient[]): Promise<Delivery[]> {
  const groupCodes = written.flatMap((r) => (r.groupCode ? [r.groupCode] : []));
  const groups: Array<{ code: string; members: GroupMember[] }> = groupCodes.length
    ? await tx.query(`SELECT code, members FROM recipient_groups WHERE code = ANY($1)`, [groupCodes])
    : [];
  const memberUsers = groups.flatMap((g) => g.members.flatMap((m) => (m.username ? [m.username] : [])));
  const agencyOf = new Map<string, string>(
    memberUsers.length
      ? (await tx.query(`SELECT username, agency_code AS "agencyCode" FROM users WHERE username = ANY($1)`, [memberUsers])).map(
          (r: { username: string; agencyCode: string }) => [r.username, r.agencyCode],
        )
      : [],
  );
  const out: Delivery[] = [];
  const seen = new Map<string, number>();
  const add = (d: Delivery) => {
    // Who receives it, whatever group it came through: once, as first named — unless a later naming has it
    // implement, which owes a report the first (for information, say) did not.
    const key = whoKey({ ...d, groupCode: null });
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push(d);
    } else if (d.purpose === 'implement' && out[at].purpose !== 'implement') {
      out[at] = d;
    }
  };
  for (const r of written) {
    if (!r.groupCode) {
      add({ ...r, groupCode: null });
      continue;
    }
    const members = groups.find((g) => g.code === r.groupCode)?.members ?? [];
    for (const m of members) {
      const base = { purpose: r.purpose, note: r.note ?? null, main: r.main ?? false, groupCode: r.groupCode };
      if (m.externalCode) add({ ...base, agencyCode: null, unitCode: null, externalCode: m.externalCode });
      else if (m.username) {
        const agency = agencyOf.get(m.username);
        if (agency) add({ ...base, agencyCode: agency, unitCode: null, username: m.username });
      } else add({ ...base, agencyCode: m.agencyCode!, unitCode: m.unitCode ?? null });
    }
  }
  return out;
}

/**
 * A secret document (SPEC §9) is read for a unit by the unit's heads only: it may be consulted on or sent
 * to a unit that has a head in post, else nobody there could answer it without its officers reading it.
 * The 400's messages, one per unit without a head (`at`: the field each came from).
 */
export async function headlessUnits(tx: EntityManager, units: Array<{ agencyCode: string | null; unitCode: string | null; at: string }>): Promise<string[]> {
  const named = units.filter((u): u is { agencyCode: string; unitCode: string; at: string } => !!u.agencyCode && !!u.unitCode);
  if (!named.length) return [];
  const headed: Array<{ agencyCode: string; unitCode: string }> = await tx.query(
    `SELECT DISTINCT agency_code AS "agencyCode", unit_code AS "unitCode" FROM users
      WHERE position = 'unit_head' AND NOT disabled AND (agency_code, unit_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [named.map((u) => u.agencyCode), named.map((u) => u.unitCode)],
  );
  return named
    .filter((u) => !headed.some((h) => h.agencyCode === u.agencyCode && h.unitCode === u.unitCode))
    .map((u) => `${u.at}: văn bản mật chỉ gửi, lấy ý kiến đơn vị có lãnh đạo đơn vị (unit_head); ${u.agencyCode}/${u.unitCode} không có`);
}
