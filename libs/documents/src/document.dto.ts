import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CLIENT_EVENTS,
  DOCUMENT_TYPES,
  PURPOSES,
  SIGNING_AUTHORITIES,
  STATES,
  URGENCIES,
  type ClientEventType,
  type DocumentState,
  type DocumentType,
  type Purpose,
  type SigningAuthority,
  type Urgency,
} from '../../domain/src';

export class CreateDocumentDto {
  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'KH' })
  @IsIn(DOCUMENT_TYPES)
  type: DocumentType;

  @ApiProperty({ example: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title: string;

  @ApiPropertyOptional({ example: 'Căn cứ Quy chế thi tốt nghiệp THPT…' })
  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  body?: string;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
}

export class PatchDocumentDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500_000)
  body?: string;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: 'the version the client saw; 409 when it is stale' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** `year` of a yearly view (the calendar, the outgoing register); default: this year in Vietnam. */
export class YearQuery {
  @ApiPropertyOptional({ example: 2027, description: 'default: this year (Asia/Ho_Chi_Minh)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2199)
  year?: number;
}

/** `limit` (1–200, default 50) and `offset` of a paginated list. */
export class PageQuery {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ListDocumentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: DocumentState;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES })
  @IsOptional()
  @IsIn(DOCUMENT_TYPES)
  type?: DocumentType;

  @ApiPropertyOptional({ description: 'words in the title or the number' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'only documents whose current stage is past its deadline' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

/** The envelope of POST /documents/:id/events; the rest of the body is the event's payload. */
export class EventEnvelopeDto {
  @ApiProperty({ enum: CLIENT_EVENTS })
  @IsIn(CLIENT_EVENTS)
  type: ClientEventType;

  @ApiPropertyOptional({ description: 'the version the client saw; 409 when it is stale' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

// ---- payloads, one class per event type ----

export class NoPayload {}

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

  @ApiPropertyOptional({ example: '2027-03-20T10:00:00+07:00' })
  @ValidateIf((p: SubmitForConsultationPayload) => p.workingDays === undefined || p.deadline !== undefined)
  @IsISO8601({ strict: true }, { message: 'deadline must be an ISO 8601 date (or give workingDays instead)' })
  deadline?: string;

  @ApiPropertyOptional({ example: 3, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  workingDays?: number;
}

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

export class RevisePayload {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  note?: string;
}

export class SubmitForSignaturePayload {
  @ApiProperty({ example: 'thuong.pn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  signer: string;

  @ApiPropertyOptional({ enum: [...SIGNING_AUTHORITIES, null], nullable: true })
  @IsOptional()
  @IsIn(SIGNING_AUTHORITIES)
  signingAuthority?: SigningAuthority | null;

  @ApiPropertyOptional({ example: '2027-03-25T17:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deadline?: string;
}

export class ReasonPayload {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  reason: string;
}

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

export class SubmitReportPayload {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  content: string;
}

export class ClosePayload {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  summary: string;
}

export const PAYLOADS: Record<ClientEventType, new () => object> = {
  SUBMIT_FOR_CONSULTATION: SubmitForConsultationPayload,
  GIVE_OPINION: GiveOpinionPayload,
  REVISE: RevisePayload,
  SUBMIT_FOR_SIGNATURE: SubmitForSignaturePayload,
  SIGN: NoPayload,
  RETURN: ReasonPayload,
  DISSEMINATE: DisseminatePayload,
  ACKNOWLEDGE: NoPayload,
  SUBMIT_REPORT: SubmitReportPayload,
  CLOSE: ClosePayload,
  WITHDRAW: ReasonPayload,
};
