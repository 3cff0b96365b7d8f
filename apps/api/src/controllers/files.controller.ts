import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { FilesService } from '../../../../libs/files/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';
import { sendStoredFile, withUpload } from '../http/multipart';

const FILE_EXAMPLE = {
  id: '0b6f3a52-8d1e-4f7a-9c2b-5e4d3c2b1a09',
  name: 'Dự thảo Kế hoạch thi tốt nghiệp THPT 2027 (lần 2).docx',
  size: 48213,
  contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  kind: 'draft',
  revision: 2,
  uploadedBy: 'an.nv',
  uploadedAt: '2027-03-02T02:15:00.000Z',
};

/** The files of a document (SPEC §6): drafts by revision, annexes, reports. */
@ApiTags('files')
@ApiBearerAuth()
@Controller('api/documents/:id/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /**
   * 201: the file, stored and in the history (`ADD_FILE`). multipart/form-data: `file`, and `kind`
   * (`draft` — the default —, `annex`, `report`) sent before it. 413 over FILE_MAX_MB, 415 for a type
   * not accepted (sniffed from the bytes), 403 / 409 as for an event.
   */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { kind: { type: 'string', enum: ['draft', 'annex', 'report'] }, file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 201, schema: { example: FILE_EXAMPLE } })
  upload(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return withUpload(req, res, (upload, length) => this.files.upload(actor, id, upload, length));
  }

  /** The document's files, oldest first. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [FILE_EXAMPLE] } })
  list(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.files.list(actor, id);
  }

  /** The bytes, streamed, with their type, the name as given (`filename*=`) and `ETag` = the SHA-256. */
  @Get(':fileId')
  @ApiResponse({
    status: 200,
    description: 'the bytes of the file, with its own Content-Type',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match named this ETag' })
  @ApiResponse({ status: 404, schema: { example: { statusCode: 404, error: 'Not Found', message: 'Văn bản không có tệp 0b6f3a52-8d1e-4f7a-9c2b-5e4d3c2b1a09', code: 'NOT_FOUND' } } })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', DocumentId) id: string,
    @Param('fileId', DocumentId) fileId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { file, bytes } = await this.files.open(actor, id, fileId);
    await sendStoredFile(req, res, file, bytes);
  }

  /** 204: removed from the draft (`REMOVE_FILE`); the bytes stay for the history. */
  @Delete(':fileId')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'removed' })
  @ApiResponse({
    status: 409,
    schema: { example: { statusCode: 409, error: 'Conflict', message: 'Chỉ gỡ được tệp khi văn bản ở trạng thái "draft"; văn bản đang ở trạng thái "consulting"', code: 'CONFLICT' } },
  })
  async remove(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Param('fileId', DocumentId) fileId: string): Promise<void> {
    await this.files.remove(actor, id, fileId);
  }
}
