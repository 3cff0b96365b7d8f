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

  /** Upsert of agencies, units, users, external bodies and groups of recipients by code / username; safe to repeat. */
  @Positions('admin')
  @Put()
  @ApiResponse({ status: 200, schema: { example: { agencies: 3, units: 9, users: 19, externals: 8, groups: 3 } } })
  import(@Body() dto: ImportOrgDto, @CurrentActor() actor: Actor) {
    return this.org.importOrg(dto, actor);
  }

  /** Agencies, units, users, external bodies and groups, without passwords (e-mails of others to admins only). */
  @Get()
  @ApiResponse({ status: 200, schema: { example: { agencies: [{ code: 'BGDĐT', name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' }], units: [{ code: 'QLCL', agencyCode: 'BGDĐT', name: 'Cục Quản lý chất lượng', supervisor: 'thuong.pn' }], users: [USER_EXAMPLE], externals: [{ code: 'BCA', name: 'Bộ Công an', email: null }], groups: [{ code: 'CAC-SO-GDDT', name: 'Các sở GDĐT', members: [{ agencyCode: 'SGDĐT-DL' }, { agencyCode: 'SGDĐT-HN' }] }] } } })
  get(@CurrentActor() actor: Actor) {
    return this.org.getOrg(actor);
  }
}
