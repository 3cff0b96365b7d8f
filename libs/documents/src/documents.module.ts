import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/src';
import { QueueModule } from '../../queue/src';
import { WorkflowRegistry } from '../../../workflows';
import { CalendarService } from './calendar.service';
import { DeadlineRunner } from './deadline.runner';
import { DeadlineScheduler } from './deadline.scheduler';
import { DocumentService } from './document.service';
import { RegisterService } from './register.service';
import { SignatureService } from './signature.service';
import { SigningQueueService } from './signing-queue.service';
import { StatsService } from './stats.service';
import { TaskService } from './task.service';

@Module({
  imports: [QueueModule, NotificationsModule],
  providers: [
    DocumentService,
    CalendarService,
    DeadlineScheduler,
    DeadlineRunner,
    TaskService,
    SignatureService,
    SigningQueueService,
    RegisterService,
    StatsService,
    { provide: WorkflowRegistry, useFactory: () => new WorkflowRegistry() },
  ],
  exports: [DocumentService, CalendarService, DeadlineRunner, TaskService, SigningQueueService, RegisterService, StatsService, WorkflowRegistry],
})
export class DocumentsModule {}
