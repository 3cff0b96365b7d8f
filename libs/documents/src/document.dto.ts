import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { ProposedRecipientsFields } from './commands/recipients';
import { ReferenceDto } from './commands/references';
import {
  CONFIDENTIALITIES,
  DOCUMENT_TYPES,
  STATES,
  URGENCIES,
  type Confidentiality,
  type DocumentState,
  type DocumentType,
  type Urgency,
} from '../../domain/src';

/** `references` (SPEC §9): căn cứ / the letters it answers, on create and in draft. */
const References = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: [ReferenceDto],
      description:
        'căn cứ / the letters it answers (SPEC §9): `{ documentId }` or `{ number, issuedAt, title }`; a document answering an incoming item shows in its follow-up register; null or [] withdraws them',
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(50),
    ValidateNested({ each: true }),
    Type(() => ReferenceDto),
  );

/** An optional `true` / `false` of a query string, as a boolean (anything else is a 400). */
export function QueryFlag(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );
}

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

  @ApiPropertyOptional({ enum: CONFIDENTIALITIES, default: 'normal', description: 'độ mật (SPEC §9): above normal, a separate number series, seen only by the people named on it and the agency’s leaders, never e-mailed' })
  @IsOptional()
  @IsIn(CONFIDENTIALITIES)
  confidentiality?: Confidentiality;

  @References()
  references?: ReferenceDto[];

  @ApiPropertyOptional({ description: 'the exam campaign it belongs to (SPEC §8); null takes it out', example: '2b8e0d6a-9c11-4c0e-9f43-6f1c2a3e8a4b' })
  @IsOptional()
  @IsUUID()
  campaignId?: string | null;
}

export class PatchDocumentDto extends ProposedRecipientsFields {
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

  @ApiPropertyOptional({ enum: CONFIDENTIALITIES })
  @IsOptional()
  @IsIn(CONFIDENTIALITIES)
  confidentiality?: Confidentiality;

  @References()
  references?: ReferenceDto[];

  @ApiPropertyOptional({ description: 'the exam campaign it belongs to (SPEC §8); null takes it out', example: '2b8e0d6a-9c11-4c0e-9f43-6f1c2a3e8a4b' })
  @IsOptional()
  @IsUUID()
  campaignId?: string | null;

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
  @QueryFlag()
  overdue?: boolean;
}

/** A page of a document's history: `limit` 1–1000 (default 1000), `offset`; oldest first. */
export class HistoryQuery {
  @ApiPropertyOptional({ default: 1000, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
