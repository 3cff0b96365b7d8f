import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DOCUMENT_TYPES, type Actor, type DocumentType } from '../../../../libs/domain/src';
import { AuthorisationService } from '../../../../libs/org/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';

class CreateAuthorisationDto {
  @ApiProperty({ example: 'chanh.vp', description: 'the head of a unit of the agency (unit_head)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  to: string;

  @ApiProperty({ example: '15/GUQ-BGDĐT', description: 'the number of the document that authorises (giấy ủy quyền, quyết định): kept, printed nowhere' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference: string;

  @ApiProperty({ enum: [...DOCUMENT_TYPES], isArray: true, example: ['CV', 'GM'], description: 'the types it may sign TUQ.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOCUMENT_TYPES.length)
  @IsIn([...DOCUMENT_TYPES], { each: true })
  types: DocumentType[];

  @ApiProperty({ example: '2027-01-01T00:00:00+07:00' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2027-12-31T23:59:59+07:00' })
  @IsISO8601({ strict: true })
  until: string;
}

const EXAMPLE = {
  id: '2f0c6b1e-5d4a-4e7b-9c3f-8a1d2e3f4b5c',
  agencyCode: 'BGDĐT',
  by: 'son.nk',
  to: 'chanh.vp',
  reference: '15/GUQ-BGDĐT',
  types: ['CV', 'GM'],
  from: '2026-12-31T17:00:00.000Z',
  until: '2027-12-31T16:59:59.000Z',
  createdAt: '2026-12-20T02:00:00.000Z',
  revokedAt: null,
  active: false,
};

@ApiTags('authorisations')
@ApiBearerAuth()
@Controller('api/authorisations')
export class AuthorisationsController {
  constructor(private readonly authorisations: AuthorisationService) {}

  /** Giao ký thừa ủy quyền (Điều 13.3): the head authorises a unit head to sign TUQ. these types until `until`. */
  @Post()
  @ApiResponse({ status: 201, schema: { example: EXAMPLE } })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAuthorisationDto) {
    return this.authorisations.create(actor, dto);
  }

  /** The agency's authorisations (a unit head: those given to them; an admin: all). */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [EXAMPLE] } })
  list(@CurrentActor() actor: Actor) {
    return this.authorisations.list(actor);
  }

  /** Ends an authorisation at once (a head of the agency, or an admin). */
  @Delete(':id')
  @HttpCode(200)
  @ApiResponse({ status: 200, schema: { example: { ...EXAMPLE, revokedAt: '2027-03-01T01:00:00.000Z' } } })
  revoke(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.authorisations.revoke(actor, id);
  }
}
