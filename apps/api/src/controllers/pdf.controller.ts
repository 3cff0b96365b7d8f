import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { DocumentReads } from '../../../../libs/documents/src';
import { IssuedPdfs, PdfService, pdfFileName } from '../../../../libs/pdf/src';
import { CertificatesService } from '../../../../libs/pki/src';
import { CurrentActor, Public } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';
import { contentDisposition } from '../http/multipart';

@ApiTags('documents')
@Controller('api')
export class PdfController {
  constructor(
    private readonly reads: DocumentReads,
    private readonly pdfs: PdfService,
    private readonly issued: IssuedPdfs,
    private readonly certificates: CertificatesService,
  ) {}

  /**
   * The document laid out as Nghị định 30 Phụ lục I prescribes (A4, Tinos embedded). Until SIGN it is drawn
   * on each request, a draft: its number and date blank and `DỰ THẢO` on every page. From SIGN on it is the
   * stored, signed file (countersigned by the agency at DISSEMINATE), the same bytes every time (`ETag`).
   */
  @ApiBearerAuth()
  @Get('documents/:id/pdf')
  @ApiResponse({ status: 200, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 404, schema: { example: { statusCode: 404, error: 'Not Found', message: 'Không tìm thấy văn bản', code: 'NOT_FOUND' } } })
  async pdf(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const doc = await this.reads.get(actor, id, 'pdf');
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition(pdfFileName(doc)).replace(/^attachment/, 'inline'));
    const stored = await this.issued.latest(id);
    if (!stored) {
      const { pdf } = await this.pdfs.render(doc);
      res.setHeader('Content-Length', String(pdf.length));
      res.end(pdf);
      return;
    }
    const etag = `"${stored.sha256}"`;
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(stored.size));
    try {
      await pipeline(Readable.from(this.issued.read(stored.sha256), { objectMode: false, highWaterMark: 64 * 1024 }), res);
    } catch {
      res.destroy();
    }
  }

  /** The deployment's CA certificate (PEM): trust it in a PDF reader, or in pdfsig's NSS database, to see the signatures trusted. */
  @Public()
  @Get('ca.pem')
  @Header('Content-Type', 'application/x-pem-file')
  @Header('Content-Disposition', 'attachment; filename="examflow-ca.pem"')
  @ApiResponse({ status: 200, content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 503, schema: { example: { statusCode: 503, error: 'Service Unavailable', message: 'Cơ sở dữ liệu tạm thời không trả lời; hãy thử lại' } } })
  ca(): Promise<string> {
    return this.certificates.caPem();
  }
}
