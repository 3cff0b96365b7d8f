import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { USER_EXAMPLE } from '../http/examples';
import { ImportOrgDto, OrgService } from '../../../../libs/org/src';
import { CurrentActor, Positions } from '../http/auth.decorators';
import type { Actor } from '../../../../libs/domain/src';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/org')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  /** Upsert of agencies, units and users by code / username; safe to repeat. */
  @Positions('admin')
  @Put()
  @ApiResponse({ status: 200, schema: { example: { agencies: 3, units: 8, users: 17 } } })
  import(@Body() dto: ImportOrgDto, @CurrentActor() actor: Actor) {
    return this.org.importOrg(dto, actor);
  }

  /** Agencies, units and users, without passwords. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: { agencies: [{ code: 'BGDĐT', name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' }], units: [{ code: 'QLCL', agencyCode: 'BGDĐT', name: 'Cục Quản lý chất lượng', supervisor: 'thuong.pn' }], users: [USER_EXAMPLE] } } })
  get(@CurrentActor() actor: Actor) {
    return this.org.getOrg(actor);
  }
}
