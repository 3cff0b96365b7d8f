import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { INCOMING_STATES, type Actor } from '../../../../libs/domain/src';
import {
  AssignPayload,
  CompletePayload,
  CreateIncomingDto,
  IncomingEnvelopeDto,
  IncomingService,
  ReturnPayload,
  UpdatePayload,
} from '../../../../libs/incoming/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';
import { sendStoredFile, withUpload } from '../http/multipart';

class IncomingQuery {
  @ApiPropertyOptional({ enum: INCOMING_STATES })
  @IsOptional()
  @IsIn(INCOMING_STATES)
  state?: string;

  @ApiPropertyOptional({ example: 2027 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: 'tốt nghiệp', description: 'in the title, the number or the sender' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'true: assigned or in progress past their deadline' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  overdue?: string;
}

const INCOMING_EXAMPLE = {
  id: '3c1f0d2e-8b7a-4f55-9a76-0d3c2a9e5b10',
  agencyCode: 'SGDĐT-DL',
  sourceDocumentId: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10',
  source: { state: 'disseminated', acknowledgedAt: '2027-03-05T04:00:00.000Z', reportStatus: 'pending' },
  sender: 'Bộ Giáo dục và Đào tạo',
  number: '01/KH-BGDĐT',
  issuedAt: '2027-03-05T03:00:00.000Z',
  type: 'KH',
  title: 'Tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
  urgency: 'normal',
  state: 'assigned',
  version: 3,
  receivedAt: '2027-03-05T03:30:00.000Z',
  incomingNumber: 12,
  incomingYear: 2027,
  registeredAt: '2027-03-05T04:00:00.000Z',
  registeredBy: 'vt.dl',
  assignment: { lead: 'KT', cooperating: ['VP'], info: [], deadline: '2027-03-20T10:00:00.000Z', instruction: 'Phòng KT chủ trì.', assignedBy: 'gd.dl', assignedAt: '2027-03-05T05:00:00.000Z' },
  summary: null,
  completedAt: null,
  completedBy: null,
  returnReason: null,
  availableEvents: ['UPDATE', 'COMPLETE'],
  createdAt: '2027-03-05T03:30:00.000Z',
  updatedAt: '2027-03-05T05:00:00.000Z',
};
const NOT_FOUND = { status: 404, schema: { example: { statusCode: 404, error: 'Not Found', message: 'Không tìm thấy văn bản đến', code: 'NOT_FOUND' } } };

/** Văn bản đến (SPEC §7): what arrives at an agency, from registration to the answer. */
@ApiTags('incoming')
@ApiBearerAuth()
@ApiExtraModels(IncomingEnvelopeDto, AssignPayload, UpdatePayload, CompletePayload, ReturnPayload)
@Controller('api/incoming')
export class IncomingController {
  constructor(private readonly incoming: IncomingService) {}

  /** A clerk registers as received a document that came from outside examflow. */
  @Post()
  @ApiResponse({ status: 201, schema: { example: { ...INCOMING_EXAMPLE, sourceDocumentId: null, source: null, state: 'received', version: 1 } } })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateIncomingDto) {
    return this.incoming.create(actor, dto);
  }

  /** The agency's clerks and leaders see all of its items; a unit those it was assigned. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [INCOMING_EXAMPLE] } })
  list(@CurrentActor() actor: Actor, @Query() q: IncomingQuery) {
    return this.incoming.list(actor, { state: q.state, year: q.year, q: q.q, overdue: q.overdue === 'true' });
  }

  @Get(':id')
  @ApiResponse({ status: 200, schema: { example: INCOMING_EXAMPLE } })
  @ApiResponse(NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.incoming.get(actor, id);
  }

  /** The phiếu giải quyết văn bản đến (Nghị định 30 Phụ lục IV VII) as a PDF. */
  @Get(':id/slip.pdf')
  @ApiResponse({ status: 200, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse(NOT_FOUND)
  async slip(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Res() res: Response) {
    const pdf = await this.incoming.slip(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="phieu-giai-quyet.pdf"`);
    res.setHeader('Content-Length', String(pdf.length));
    res.end(pdf);
  }

  /**
   * 201: the file, stored and in the item's history (`ADD_FILE`). multipart/form-data with `file`: the
   * scan of what came on paper (a clerk of the receiving agency, until the item is done or returned) or a
   * working file (the lead or a cooperating unit, while assigned). 413 over FILE_MAX_MB, 415 for a type not
   * accepted, 403 / 409 as for an event.
   */
  @Post(':id/files')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiResponse({
    status: 201,
    schema: { example: { id: '5d2c…', name: 'Cong van 45-UBND-VX (ban quet).pdf', size: 182311, contentType: 'application/pdf', sha256: '9f86…', uploadedBy: 'vt.dl', uploadedAt: '2027-03-05T03:35:00.000Z' } },
  })
  addFile(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return withUpload(req, res, (upload, length) => this.incoming.addFile(actor, id, upload, length));
  }

  /** A file's bytes, with its type, its name as given and `ETag` = its SHA-256. */
  @Get(':id/files/:fileId')
  @ApiResponse({ status: 200, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse(NOT_FOUND)
  async file(
    @CurrentActor() actor: Actor,
    @Param('id', DocumentId) id: string,
    @Param('fileId', DocumentId) fileId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { file, bytes } = await this.incoming.openFile(actor, id, fileId);
    await sendStoredFile(req, res, file, bytes);
  }

  @Get(':id/history')
  @ApiResponse({ status: 200, schema: { example: [{ seq: 1, event: 'RECEIVE', from: null, to: 'received', actor: 'system', onBehalfOf: null, at: '2027-03-05T03:30:00.000Z', payload: {}, prevHash: '0'.repeat(64), hash: '9f…' }] } })
  @ApiResponse(NOT_FOUND)
  history(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.incoming.history(actor, id);
  }

  @Get(':id/history/verify')
  @ApiResponse({ status: 200, schema: { example: { valid: true, length: 3 } } })
  @ApiResponse(NOT_FOUND)
  verify(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.incoming.verify(actor, id);
  }

  /** REGISTER (clerk), ASSIGN (head, deputy head), UPDATE (lead or cooperating unit), COMPLETE (lead unit), RETURN_TO_SENDER (clerk). */
  @Post(':id/events')
  @HttpCode(200)
  @ApiBody({
    schema: {
      allOf: [
        { $ref: getSchemaPath(IncomingEnvelopeDto) },
        { oneOf: [AssignPayload, UpdatePayload, CompletePayload, ReturnPayload].map((c) => ({ $ref: getSchemaPath(c) })) },
      ],
    },
    examples: {
      REGISTER: { value: { type: 'REGISTER' } },
      ASSIGN: { value: { type: 'ASSIGN', lead: 'KT', cooperating: ['VP'], workingDays: 10, instruction: 'Phòng KT chủ trì, báo cáo Giám đốc.' } },
      UPDATE: { value: { type: 'UPDATE', comment: 'Đã họp với các trường.' } },
      COMPLETE: { value: { type: 'COMPLETE', summary: 'Đã triển khai.', report: 'Sở đã triển khai Kế hoạch tới các trường THPT.' } },
      RETURN_TO_SENDER: { value: { type: 'RETURN_TO_SENDER', reason: 'Gửi nhầm nơi nhận.' } },
    },
  })
  @ApiResponse({ status: 200, schema: { example: INCOMING_EXAMPLE } })
  @ApiResponse({ status: 409, schema: { example: { statusCode: 409, error: 'Conflict', message: 'Sự kiện ASSIGN không được phép ở trạng thái "received"', code: 'TRANSITION_NOT_ALLOWED' } } })
  event(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Body() body: unknown) {
    return this.incoming.sendEvent(actor, id, body);
  }
}
