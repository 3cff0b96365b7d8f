import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/src';
import { QueueModule } from '../../queue/src';
import { WorkflowRegistry } from '../../../workflows';
import { CalendarService } from './calendar.service';
import { DeadlineRunner } from './deadline.runner';
import { DeadlineScheduler } from './deadline.scheduler';
import { DocumentService } from './document.service';
import { TaskService } from './task.service';

@Module({
  imports: [QueueModule, NotificationsModule],
  providers: [
    DocumentService,
    CalendarService,
    DeadlineScheduler,
    DeadlineRunner,
    TaskService,
    { provide: WorkflowRegistry, useFactory: () => new WorkflowRegistry() },
  ],
  exports: [DocumentService, CalendarService, DeadlineRunner, TaskService, WorkflowRegistry],
})
export class DocumentsModule {}
