import { Module } from '@nestjs/common';
import { FileStorage, PostgresFileStorage } from './file.storage';

/** Where file bytes live (PostgreSQL today), for the files of documents and the issued PDFs. */
@Module({
  providers: [{ provide: FileStorage, useClass: PostgresFileStorage }],
  exports: [FileStorage],
})
export class StorageModule {}
