import { Type } from 'class-transformer';
import {
  IsBoolean,
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGENCY_LEVELS, POSITIONS, type AgencyLevel, type Position } from '../../domain/src/types';

/** Codes: letters (Vietnamese too), digits, dot, dash, underscore; no slash (it separates AGENCY/UNIT). */
const CODE = /^[\p{L}\p{N}._-]+$/u;
const CODE_MESSAGE = '$property chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới';
/** A symbol is printed between the slash and dashes of a number: letters, digits, &, dashes (SGDĐT, GD&ĐT-KHTC). */
const SYMBOL = /^[\p{L}\p{N}&]+(-[\p{L}\p{N}&]+)*$/u;
const SYMBOL_MESSAGE = '$property chỉ gồm chữ, số, & và gạch nối giữa các nhóm (như SGDĐT, QLCLGDCN)';

export class AgencyDto {
  @ApiProperty({ example: 'BGDĐT' })
  @IsString()
  @Length(1, 50)
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Bộ Giáo dục và Đào tạo' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiProperty({ enum: AGENCY_LEVELS, example: 'ministry', description: '`council`: an advisory body issuing with its own series (Hội đồng thi, Ban Chỉ đạo)' })
  @IsIn(AGENCY_LEVELS)
  level: AgencyLevel;

  @ApiPropertyOptional({ example: 'UBND TỈNH KON TUM', description: 'cơ quan chủ quản, printed above the name; left out: derived from a Sở’s name, none for a ministry' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  parentName?: string | null;

  @ApiPropertyOptional({ example: 'Kon Tum', description: 'địa danh; left out: derived from the name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  place?: string | null;

  @ApiPropertyOptional({ example: 'SGDĐT', description: 'the abbreviation printed in numbers; left out: the code' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  @Matches(SYMBOL, { message: SYMBOL_MESSAGE })
  symbol?: string;

  @ApiPropertyOptional({ example: 'Hội đồng thi', description: 'what "TM." is followed by in a collective’s signature; left out: the name' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  collectiveName?: string | null;
}

export class UnitDto {
  @ApiProperty({ example: 'QLCL' })
  @IsString()
  @Length(1, 50)
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'BGDĐT' })
  @IsString()
  @Length(1, 50)
  agencyCode: string;

  @ApiProperty({ example: 'Cục Quản lý chất lượng' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiPropertyOptional({ example: 'QLCL', description: 'the abbreviation printed in a công văn’s number and in “Lưu”; left out: the code' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  @Matches(SYMBOL, { message: SYMBOL_MESSAGE })
  symbol?: string;

  @ApiPropertyOptional({ example: 'thuong.pn', description: 'username of the deputy leader in charge' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  supervisor?: string | null;
}

export class UserDto {
  @ApiProperty({ example: 'thuong.pn' })
  @IsString()
  @Length(1, 100)
  @Matches(CODE, { message: CODE_MESSAGE })
  username: string;

  @ApiPropertyOptional({ description: 'true: the user can no longer log in, and their tokens end; false enables them again; omitted keeps what they are (a new user: enabled)' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    description:
      'required for a new user; omitted keeps the current password. An initial password: at least 8 characters and not a common one; the user is asked to choose their own (`mustChangePassword`)',
    example: 'Doi#MatKhau2026',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200) // how long and how common: the policy says, in words (password-policy.ts)
  password?: string;

  @ApiProperty({ example: 'Phạm Ngọc Thưởng' })
  @IsString()
  @Length(1, 200)
  fullName: string;

  @ApiProperty({ example: 'BGDĐT', description: 'optional only for an admin' })
  @ValidateIf((u: UserDto) => u.position !== 'admin' || u.agencyCode !== undefined)
  @IsString()
  @Length(1, 50)
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'QLCL', description: 'optional for leaders' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  unitCode?: string | null;

  @ApiProperty({ enum: POSITIONS, example: 'deputy_head' })
  @IsIn(POSITIONS)
  position: Position;

  @ApiProperty({ example: 'Thứ trưởng' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ example: 'thuong.pn@moet.gov.vn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string | null;
}

/** A body outside examflow that documents are sent to (SPEC §7). */
export class ExternalDto {
  @ApiProperty({ example: 'BCA' })
  @IsString()
  @Length(1, 50)
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Bộ Công an' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiPropertyOptional({ example: 'vanthu@bocongan.gov.vn', description: 'where the issued PDF is mailed (when SMTP is on)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string | null;
}

/** A member of a group: exactly one of an agency, a unit (with its agency), an external body, a person. */
export class GroupMemberDto {
  @ApiPropertyOptional({ example: 'SGDĐT-DL' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  agencyCode?: string;

  @ApiPropertyOptional({ example: 'KT', description: 'with agencyCode' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  unitCode?: string;

  @ApiPropertyOptional({ example: 'BCA-A03' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  externalCode?: string;

  @ApiPropertyOptional({ example: 'thuong.pn' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  username?: string;
}

/** A group of recipients (Các sở GDĐT): printed by its name, delivered to each member. */
export class GroupDto {
  @ApiProperty({ example: 'CAC-SO-GDDT' })
  @IsString()
  @Length(1, 50)
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Các sở GDĐT' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiProperty({ type: [GroupMemberDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => GroupMemberDto)
  members: GroupMemberDto[];
}

export class ImportOrgDto {
  @ApiPropertyOptional({ type: [AgencyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => AgencyDto)
  agencies?: AgencyDto[];

  @ApiPropertyOptional({ type: [UnitDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => UnitDto)
  units?: UnitDto[];

  @ApiPropertyOptional({ type: [ExternalDto], description: 'bodies outside examflow (SPEC §7)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ExternalDto)
  externals?: ExternalDto[];

  @ApiPropertyOptional({ type: [GroupDto], description: 'groups of recipients (SPEC §7)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => GroupDto)
  groups?: GroupDto[];

  @ApiPropertyOptional({ type: [UserDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => UserDto)
  users?: UserDto[];
}
