import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ImportOrgDto, OrgService } from '../../../../libs/org/src';
import { Positions } from '../http/auth.decorators';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/org')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  /** Upsert of agencies, units and users by code / username; safe to repeat. */
  @Positions('admin')
  @Put()
  import(@Body() dto: ImportOrgDto) {
    return this.org.importOrg(dto);
  }

  /** Agencies, units and users, without passwords. */
  @Get()
  get() {
    return this.org.getOrg();
  }
}
