import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { StatsService } from '../../../../libs/documents/src';
import { CurrentActor } from '../http/auth.decorators';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /**
   * The leaders' overview: documents per state, and the items owed past their
   * deadline per debtor (a consulted unit, the agency's leadership with
   * unitCode null, a recipient). head, deputy_head and unit_head see their own
   * agency's documents; admin sees all.
   */
  @Get('overview')
  @ApiResponse({
    status: 200,
    schema: {
      example: {
        generatedAt: '2027-06-10T02:00:00.000Z',
        byState: { draft: 4, consulting: 3, consulted: 1, awaiting_signature: 2, signed: 1, disseminated: 5, reported: 12, withdrawn: 1 },
        overdue: {
          total: 4,
          byUnit: [
            { agencyCode: 'BGDĐT', unitCode: 'TTr', unitName: 'Thanh tra', count: 2 },
            { agencyCode: 'BGDĐT', unitCode: null, unitName: null, count: 1 },
            { agencyCode: 'SGDĐT-DL', unitCode: null, unitName: null, count: 1 },
          ],
          byAgency: [
            { agencyCode: 'BGDĐT', agencyName: 'Bộ Giáo dục và Đào tạo', count: 3 },
            { agencyCode: 'SGDĐT-DL', agencyName: 'Sở Giáo dục và Đào tạo Đắk Lắk', count: 1 },
          ],
        },
      },
    },
  })
  @ApiResponse({
    status: 403,
    schema: {
      example: { statusCode: 403, error: 'Forbidden', message: 'Trang tổng quan dành cho lãnh đạo cơ quan, lãnh đạo đơn vị và quản trị viên', code: 'NOT_PERMITTED' },
    },
  })
  overview(@CurrentActor() actor: Actor) {
    return this.stats.overview(actor);
  }
}
