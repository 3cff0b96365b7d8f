import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/src';
import { QueueModule } from '../../queue/src';
import { PdfModule } from '../../pdf/src';
import { PkiModule } from '../../pki/src';
import { BUILT_IN_WORKFLOWS, WorkflowRegistry } from '../../../workflows';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { CalendarService } from './calendar.service';
import { DeadlineMover } from './deadlines/deadline-mover';
import { DeadlineRunner } from './deadlines/deadline.runner';
import { DeadlineScheduler } from './deadlines/deadline.scheduler';
import { DeadlineSweep } from './deadlines/deadline.sweep';
import { DocumentService } from './document.service';
import { AvailableEvents } from './queries/available-events';
import { DocumentReads } from './queries/document.reads';
import { RegisterService } from './queries/register.service';
import { StatsService } from './queries/stats.service';
import { TaskService } from './queries/task.service';
import { SignatureService } from './signature.service';
import { SigningQueueService } from './signing-queue.service';
import { AfterCommit } from './transition/after-commit';
import { TransitionWriter } from './transition/transition.writer';

@Module({
  imports: [QueueModule, NotificationsModule, PdfModule, PkiModule],
  providers: [
    DocumentService,
    DocumentReads,
    AvailableEvents,
    TransitionWriter,
    AfterCommit,
    CalendarService,
    DeadlineScheduler,
    DeadlineRunner,
    DeadlineMover,
    DeadlineSweep,
    TaskService,
    SignatureService,
    SigningQueueService,
    RegisterService,
    StatsService,
    { provide: WorkflowRegistry, useFactory: (config: AppConfig) => new WorkflowRegistry(BUILT_IN_WORKFLOWS, config.workflowRollout), inject: [APP_CONFIG] },
  ],
  exports: [
    DocumentService,
    DocumentReads,
    CalendarService,
    DeadlineRunner,
    DeadlineMover,
    DeadlineSweep,
    TaskService,
    SigningQueueService,
    RegisterService,
    StatsService,
    WorkflowRegistry,
    AfterCommit,
  ],
})
export class DocumentsModule {}
