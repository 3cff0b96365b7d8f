import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { TooManyAttempts, type Actor } from '../../../../libs/domain/src';
import { BoardService, CampaignService, CreateCampaignDto, PatchCampaignDto } from '../../../../libs/campaigns/src';
import { QueryFlag } from '../../../../libs/documents/src';
import { NotificationBus, boardTopic } from '../../../../libs/queue/src';
import { CurrentActor } from '../http/auth.decorators';
import { openEventStream } from '../http/event-stream';
import { DocumentId } from '../http/id.pipe';

class BoardQuery {
  @ApiPropertyOptional({ description: 'only the recipients with a late report' })
  @QueryFlag()
  late?: boolean;

  @ApiPropertyOptional({ enum: ['csv'], description: 'csv: one line per report, UTF-8 with a BOM; JSON without' })
  @IsOptional()
  @IsIn(['csv'])
  format?: 'csv';
}

class RemindDto {
  @ApiPropertyOptional({ description: 'one per click: the same id sent again reminds nobody twice' })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

/** Open boards of one campaign on one API process (a wall screen and the phones of a steering committee). */
const MAX_BOARD_STREAMS = 500;

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

const CELLS = { status: 'submitted', dueAt: '2027-06-11T04:35:00.000Z', submittedAt: '2027-06-11T03:50:00.000Z' };
const BOARD_EXAMPLE = {
  campaign: { id: EXAMPLE.id, code: 'THPT-2027', name: EXAMPLE.name, year: 2027, sessions: EXAMPLE.sessions },
  at: '2027-06-11T05:00:00.000Z',
  documents: [
    {
      id: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10',
      number: '12/BGDĐT-QLCL',
      title: 'V/v báo cáo nhanh sau mỗi buổi thi',
      agencyCode: 'BGDĐT',
      state: 'disseminated',
      columns: ['NGU-VAN', 'TOAN'],
      rows: [
        {
          idx: 0,
          agencyCode: 'SGDĐT-DL',
          unitCode: null,
          externalCode: null,
          username: null,
          name: 'Sở Giáo dục và Đào tạo Đắk Lắk',
          cells: { 'NGU-VAN': { status: 'late', dueAt: '2027-06-11T04:35:00.000Z', submittedAt: null }, TOAN: { status: 'pending', dueAt: '2027-06-11T10:50:00.000Z', submittedAt: null } },
          counts: { submitted: 0, pending: 1, late: 1, missing: 0 },
        },
        {
          idx: 1,
          agencyCode: 'SGDĐT-HN',
          unitCode: null,
          externalCode: null,
          username: null,
          name: 'Sở Giáo dục và Đào tạo Hà Nội',
          cells: { 'NGU-VAN': CELLS, TOAN: { status: 'pending', dueAt: '2027-06-11T10:50:00.000Z', submittedAt: null } },
          counts: { submitted: 1, pending: 1, late: 0, missing: 0 },
        },
      ],
      countsByColumn: { 'NGU-VAN': { submitted: 1, pending: 0, late: 1, missing: 0 }, TOAN: { submitted: 0, pending: 2, late: 0, missing: 0 } },
      counts: { submitted: 1, pending: 2, late: 1, missing: 0 },
    },
  ],
  counts: { submitted: 1, pending: 2, late: 1, missing: 0 },
  countsBySession: { 'NGU-VAN': { submitted: 1, pending: 0, late: 1, missing: 0 }, TOAN: { submitted: 0, pending: 2, late: 0, missing: 0 } },
  countsByAgency: { 'SGDĐT-DL': { submitted: 0, pending: 1, late: 1, missing: 0 }, 'SGDĐT-HN': { submitted: 1, pending: 1, late: 0, missing: 0 } },
};
const NO_CAMPAIGN = { statusCode: 404, error: 'Not Found', message: 'Không tìm thấy kỳ thi', code: 'NOT_FOUND' };

/** Exam campaigns (SPEC §8): one exam of one year with its sessions. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly boards: BoardService,
    private readonly bus: NotificationBus,
  ) {}

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

  /**
   * The board (SPEC §8): for each document of the campaign the caller may read that asks reports, the grid
   * recipient × session — `submitted`, `pending`, `late`, `missing` — with counts per session, per recipient
   * and in all. `late=true` keeps the recipients with a late report; `format=csv` answers one line per report.
   */
  @Get(':id/board')
  @ApiResponse({ status: 200, description: 'BoardView, or text/csv with format=csv', schema: { example: BOARD_EXAMPLE } })
  @ApiResponse({ status: 404, schema: { example: NO_CAMPAIGN } })
  async board(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Query() q: BoardQuery, @Res({ passthrough: true }) res: Response) {
    if (q.format !== 'csv') return this.boards.board(actor, id, { late: q.late });
    const csv = await this.boards.csv(actor, id, { late: q.late });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="bang-theo-doi-${id.slice(0, 8)}.csv"`);
    res.send(csv);
    return undefined;
  }

  /** Server-sent events: `ready`, then `board` whenever a report of the campaign changes (read the board again). */
  @Get(':id/board/stream')
  @ApiResponse({ status: 404, schema: { example: NO_CAMPAIGN } })
  @ApiResponse({ status: 200, description: 'text/event-stream', content: { 'text/event-stream': { example: 'event: ready\ndata: {}\n\nevent: board\ndata: {}\n\n' } } })
  async boardStream(@Param('id', DocumentId) id: string, @Res() res: Response): Promise<void> {
    await this.campaigns.get(id); // 404 for no such campaign
    if (this.bus.openStreamsOf(boardTopic(id)) >= MAX_BOARD_STREAMS) throw new TooManyAttempts(5, 'Quá nhiều bảng theo dõi đang mở');
    await openEventStream(res, this.bus, boardTopic(id), 'board');
  }

  /**
   * A leader's one click: a reminder to everyone who owes a late report on the campaign's documents of the
   * leader's agency; audited once per click (`requestId`).
   */
  @Post(':id/board/remind')
  @HttpCode(200)
  @ApiResponse({ status: 200, schema: { example: { requestId: '6f1c2a3e-8a4b-4c0e-9f43-2b8e0d6a9c11', reminded: 3, late: 2 } } })
  remind(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Body() dto: RemindDto) {
    return this.boards.remindLate(actor, id, dto.requestId);
  }
}
