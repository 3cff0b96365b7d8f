export * from './document.dto';
export * from './document.view';
export * from './document.service';
export * from './documents.module';
export { validateDto } from './validate';
