import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/src/documents.module';
import { FilesModule } from '../../files/src/files.module';
import { IncomingRegisters } from './incoming-registers';
import { IncomingService } from './incoming.service';

/** Văn bản đến (SPEC §7): IncomingService, on the documents' transitions for what it does to its source. */
@Module({ imports: [DocumentsModule, FilesModule], providers: [IncomingService, IncomingRegisters], exports: [IncomingService, IncomingRegisters] })
export class IncomingModule {}
