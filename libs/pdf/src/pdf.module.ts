import { Module } from '@nestjs/common';
import { PkiModule } from '../../pki/src';
import { StorageModule } from '../../storage/src';
import { IssuedPdfs } from './issued-pdfs';
import { PdfService } from './pdf.service';

/** The document as a PDF (SPEC §6): layout (pure), render (pdfkit), PdfService; IssuedPdfs signs and keeps them. */
@Module({
  imports: [StorageModule, PkiModule],
  providers: [PdfService, IssuedPdfs],
  exports: [PdfService, IssuedPdfs],
})
export class PdfModule {}
