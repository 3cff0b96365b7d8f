export * from './files.service';
export * from './files.module';
export { ACCEPTED, sniffType } from './sniff';
