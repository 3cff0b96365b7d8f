import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

export class SessionDto {
  @ApiProperty({ example: 'NGU-VAN', description: 'capital letters, digits and hyphens' })
  @Matches(CODE, { message: 'code: chữ in hoa không dấu, chữ số và dấu gạch ngang (NGU-VAN)' })
  code: string;

  @ApiProperty({ example: 'Ngữ văn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2027-06-11T07:35:00+07:00' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ example: '2027-06-11T09:35:00+07:00' })
  @IsISO8601({ strict: true })
  endsAt: string;
}

/** A session as a PATCH gives it: by its code, what changes (a new code adds a session). */
export class SessionPatchDto {
  @ApiProperty({ example: 'TOAN' })
  @Matches(CODE, { message: 'code: chữ in hoa không dấu, chữ số và dấu gạch ngang (NGU-VAN)' })
  code: string;

  @ApiPropertyOptional({ example: 'Toán' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '2027-06-13T14:20:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ example: '2027-06-13T15:50:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'THPT-2027' })
  @Matches(CODE, { message: 'code: chữ in hoa không dấu, chữ số và dấu gạch ngang (THPT-2027)' })
  code: string;

  @ApiProperty({ example: 'Kỳ thi tốt nghiệp THPT năm 2027' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name: string;

  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ type: [SessionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions: SessionDto[];
}

export class PatchCampaignDto {
  @ApiPropertyOptional({ example: 'Kỳ thi tốt nghiệp THPT năm 2027' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name?: string;

  @ApiPropertyOptional({ type: [SessionPatchDto], description: 'sessions changed (by code) or added; the others stay as they are' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SessionPatchDto)
  sessions?: SessionPatchDto[];

  @ApiPropertyOptional({ description: 'the version the client saw; 409 when it is stale' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
