export * from './document.dto';
export * from './document.view';
export * from './document.service';
export * from './documents.module';
export { validateDto } from './validate';
export * from './calendar.service';
export * from './deadline.scheduler';
export * from './deadline.runner';
export * from './task.service';
