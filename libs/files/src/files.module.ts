import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/src';
import { FileStorage, PostgresFileStorage } from './file.storage';
import { FilesService } from './files.service';

/** Files of documents (SPEC §6): FilesService over one FileStorage (PostgreSQL today). */
@Module({
  imports: [DocumentsModule],
  providers: [FilesService, { provide: FileStorage, useClass: PostgresFileStorage }],
  exports: [FilesService],
})
export class FilesModule {}
