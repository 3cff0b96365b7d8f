export * from './pdf.service';
export * from './pdf.module';
export * from './layout';
export { renderPdf } from './render';
export * from './issued-pdfs';
