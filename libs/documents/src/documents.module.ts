import { Module } from '@nestjs/common';
import { WorkflowRegistry } from '../../../workflows';
import { DocumentService } from './document.service';

@Module({
  providers: [DocumentService, { provide: WorkflowRegistry, useFactory: () => new WorkflowRegistry() }],
  exports: [DocumentService, WorkflowRegistry],
})
export class DocumentsModule {}
