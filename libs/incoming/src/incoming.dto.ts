import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DOCUMENT_TYPES, URGENCIES, type DocumentType, type Urgency } from '../../domain/src';
import { INCOMING_EVENTS, type IncomingEventType } from '../../../workflows/incoming/incoming.machine';
import { DEADLINE_SCHEMA, IsDeadlineInput, type DeadlineInput } from '../../documents/src/commands/deadline-input';

/** A session of an exam campaign, by its code (libs/campaigns). */
const SESSION_CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

/** POST /api/incoming: a document that came from outside examflow (paper, e-mail, the national exchange). */
export class CreateIncomingDto {
  @ApiProperty({ example: 'UBND tỉnh Đắk Lắk', description: 'Tác giả: the body that issued it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  sender: string;

  @ApiProperty({ example: '1234/UBND-VX', description: 'its số, ký hiệu' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number: string;

  @ApiProperty({ example: '2027-03-01T00:00:00+07:00', description: 'its date' })
  @IsISO8601({ strict: true })
  issuedAt: string;

  @ApiProperty({ enum: DOCUMENT_TYPES })
  @IsIn(DOCUMENT_TYPES)
  type: DocumentType;

  @ApiProperty({ example: 'V/v phối hợp tổ chức Kỳ thi tốt nghiệp THPT năm 2027' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title: string;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
}

export class IncomingEnvelopeDto {
  @ApiProperty({ enum: INCOMING_EVENTS })
  @IsIn(INCOMING_EVENTS)
  type: IncomingEventType;

  @ApiPropertyOptional({ description: 'the version read; a different one is a 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class NoIncomingPayload {}

/** ASSIGN: the leader's distribution (phân phối) and instruction (ý kiến chỉ đạo). */
export class AssignPayload {
  @ApiProperty({ example: 'KT', description: 'the lead unit (đơn vị chủ trì), of the receiving agency' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  lead: string;

  @ApiPropertyOptional({ example: ['VP'], description: 'cooperating units (phối hợp)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  cooperating?: string[];

  @ApiPropertyOptional({ example: [], description: 'units told for information (để biết)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  info?: string[];

  @ApiPropertyOptional({ ...DEADLINE_SCHEMA, description: "a moment, or anchored to the source document's exam campaign (SPEC §8)" })
  @IsOptional()
  @IsDeadlineInput()
  deadline?: DeadlineInput;

  @ApiPropertyOptional({ example: 5, description: 'or the deadline in working days from now' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  workingDays?: number;

  @ApiPropertyOptional({ example: 'Phòng KT chủ trì, báo cáo Giám đốc trước ngày 20/3.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  instruction?: string;
}

export class UpdatePayload {
  @ApiProperty({ example: 'Đã họp với các trường, đang tổng hợp.', description: 'progress, or the unit leader’s opinion when giving it to a person' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  comment: string;

  @ApiPropertyOptional({
    example: 'kt.dl',
    description: 'the unit leader’s step (Phụ lục IV VII mục 2): the person of the lead unit who handles it; only the lead unit’s head gives it',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  handler?: string;

  @ApiPropertyOptional({ ...DEADLINE_SCHEMA, description: 'by when that person must have it done, not after the item’s deadline: a moment, or anchored to the exam (SPEC §8)' })
  @IsOptional()
  @IsDeadlineInput()
  handlerDeadline?: DeadlineInput;

  @ApiPropertyOptional({ description: 'a báo cáo nhanh of one session (SPEC §8), submitted on the source document in the same transaction; with `session`' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  report?: string;

  @ApiPropertyOptional({ example: 'NGU-VAN', description: 'the session `report` is for' })
  @IsOptional()
  @Matches(SESSION_CODE, { message: 'session: mã buổi thi (chữ in hoa không dấu, chữ số, gạch ngang)' })
  session?: string;
}

export class CompletePayload {
  @ApiProperty({ example: 'Đã triển khai tới 52 trường THPT.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary: string;

  @ApiPropertyOptional({ description: 'required when the source document owes this agency’s report: submitted on it in the same transaction' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  report?: string;

  @ApiPropertyOptional({ example: 'TO-HOP-CHIEU', description: 'when the source document asks a report per session (SPEC §8): the session this last report is for' })
  @IsOptional()
  @Matches(SESSION_CODE, { message: 'session: mã buổi thi (chữ in hoa không dấu, chữ số, gạch ngang)' })
  session?: string;
}

export class ReturnPayload {
  @ApiProperty({ example: 'Văn bản gửi nhầm: thuộc thẩm quyền của Sở Nội vụ.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export const INCOMING_PAYLOADS: Record<IncomingEventType, new () => object> = {
  REGISTER: NoIncomingPayload,
  ASSIGN: AssignPayload,
  UPDATE: UpdatePayload,
  COMPLETE: CompletePayload,
  RETURN_TO_SENDER: ReturnPayload,
};
