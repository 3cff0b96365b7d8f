import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CampaignService, CreateCampaignDto, PatchCampaignDto } from '../../../../libs/campaigns/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';

const EXAMPLE = {
  id: '2b8e0d6a-9c11-4c0e-9f43-6f1c2a3e8a4b',
  code: 'THPT-2027',
  name: 'Kỳ thi tốt nghiệp THPT năm 2027',
  year: 2027,
  version: 1,
  sessions: [
    { code: 'NGU-VAN', name: 'Ngữ văn', startsAt: '2027-06-11T00:35:00.000Z', endsAt: '2027-06-11T02:35:00.000Z' },
    { code: 'TOAN', name: 'Toán', startsAt: '2027-06-11T07:20:00.000Z', endsAt: '2027-06-11T08:50:00.000Z' },
  ],
  createdBy: 'son.nk',
  createdAt: '2027-01-05T02:00:00.000Z',
  updatedAt: '2027-01-05T02:00:00.000Z',
};

/** Exam campaigns (SPEC §8): one exam of one year with its sessions. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignService) {}

  /** An administrator, or a head or deputy head of a ministry; 409 when the code is taken. */
  @Post()
  @ApiResponse({ status: 201, schema: { example: EXAMPLE } })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCampaignDto) {
    return this.campaigns.create(actor, dto);
  }

  /** Every campaign, the newest year first. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [EXAMPLE] } })
  list() {
    return this.campaigns.list();
  }

  @Get(':id')
  @ApiResponse({ status: 200, schema: { example: EXAMPLE } })
  get(@Param('id', DocumentId) id: string) {
    return this.campaigns.get(id);
  }

  /** The name, and sessions changed by code (moved, renamed) or added. */
  @Patch(':id')
  @ApiResponse({ status: 200, schema: { example: { ...EXAMPLE, version: 2 } } })
  patch(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Body() dto: PatchCampaignDto) {
    return this.campaigns.patch(actor, id, dto);
  }
}
