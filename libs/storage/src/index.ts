export { FileStorage, PostgresFileStorage, CHUNK_BYTES, type StoredBlob } from './file.storage';
export * from './storage.module';
