import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/src';
import { StorageModule } from '../../storage/src';
import { FilesService } from './files.service';

/** Files of documents (SPEC §6): FilesService over libs/storage's FileStorage. */
@Module({
  imports: [DocumentsModule, StorageModule],
  providers: [FilesService],
  exports: [FilesService],
})
export class FilesModule {}
