export * from './pdf.service';
export * from './pdf.module';
export * from './layout';
export { renderPdf } from './render';
export * from './issued-pdfs';
export * from './signature-images';
export { SEAL_DIAMETER_MM } from './stamps';
export { renderSlip, type Slip } from './slip';
