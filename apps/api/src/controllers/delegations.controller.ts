import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Actor } from '../../../../libs/domain/src';
import { DelegationService } from '../../../../libs/org/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';

class CreateDelegationDto {
  @ApiProperty({ example: 'phuc.hm', description: 'a user of the same agency' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  to: string;

  @ApiProperty({ example: '2027-06-20T00:00:00+07:00' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2027-06-30T23:59:59+07:00' })
  @IsISO8601({ strict: true })
  until: string;
}

const EXAMPLE = {
  id: '6f1c2a3e-8a4b-4c0e-9f43-2b8e0d6a9c11',
  by: 'son.nk',
  to: 'phuc.hm',
  from: '2027-06-19T17:00:00.000Z',
  until: '2027-06-30T16:59:59.000Z',
  createdAt: '2027-06-18T02:00:00.000Z',
  revokedAt: null,
  active: false,
};

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('api/delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationService) {}

  /** Ủy quyền: `to` may sign in the caller's place from `from` until `until` (heads and deputy heads only). */
  @Post()
  @ApiResponse({ status: 201, schema: { example: EXAMPLE } })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDelegationDto) {
    return this.delegations.create(actor, dto);
  }

  /** The caller's delegations (an admin sees everyone's). */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [EXAMPLE] } })
  list(@CurrentActor() actor: Actor) {
    return this.delegations.list(actor);
  }

  /** Revokes a delegation at once (the delegator or an admin). */
  @Delete(':id')
  @HttpCode(200)
  @ApiResponse({ status: 200, schema: { example: { ...EXAMPLE, revokedAt: '2027-06-21T01:00:00.000Z', active: false } } })
  revoke(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.delegations.revoke(actor, id);
  }
}
