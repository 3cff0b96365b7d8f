import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/src';
import { PdfService } from './pdf.service';

/** The issued document as a PDF (SPEC §6): layout (pure), render (pdfkit), PdfService. */
@Module({
  imports: [DocumentsModule],
  providers: [PdfService],
  exports: [PdfService],
})
export class PdfModule {}
