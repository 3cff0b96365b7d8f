import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { PdfService } from '../../../../libs/pdf/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';
import { contentDisposition } from '../http/multipart';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/documents/:id/pdf')
export class PdfController {
  constructor(private readonly pdfs: PdfService) {}

  /**
   * The document laid out as Nghị định 30 Phụ lục I prescribes (A4, Tinos embedded): until it is signed a draft,
   * its number and date blank and `DỰ THẢO` on every page. For whoever may read the document.
   */
  @Get()
  @ApiResponse({ status: 200, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 404, schema: { example: { statusCode: 404, error: 'Not Found', message: 'Không tìm thấy văn bản', code: 'NOT_FOUND' } } })
  async pdf(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Res() res: Response): Promise<void> {
    const { pdf, fileName } = await this.pdfs.render(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(pdf.length));
    res.setHeader('Content-Disposition', contentDisposition(fileName).replace(/^attachment/, 'inline'));
    res.end(pdf);
  }
}
