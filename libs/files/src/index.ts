export * from './files.service';
export * from './files.module';
export { FileStorage, PostgresFileStorage, CHUNK_BYTES } from './file.storage';
export { ACCEPTED, sniffType } from './sniff';
