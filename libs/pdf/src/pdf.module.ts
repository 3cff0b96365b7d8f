import { Module } from '@nestjs/common';
import { PkiModule } from '../../pki/src';
import { StorageModule } from '../../storage/src';
import { IssuedPdfs } from './issued-pdfs';
import { PdfService } from './pdf.service';
import { SignatureImages } from './signature-images';

/** The document as a PDF (SPEC §6): layout (pure), render (pdfkit), PdfService; IssuedPdfs signs and keeps them, with the images SignatureImages keeps. */
@Module({
  imports: [StorageModule, PkiModule],
  providers: [PdfService, IssuedPdfs, SignatureImages],
  exports: [PdfService, IssuedPdfs, SignatureImages],
})
export class PdfModule {}
