import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DocumentsModule } from '../../../libs/documents/src';
import { QueueModule } from '../../../libs/queue/src';
import { DeadlineProcessor } from './deadline.processor';
import { SweepService } from './sweep.service';

/** The background side: the deadline processor and the sweep. */
@Module({
  imports: [ScheduleModule.forRoot(), QueueModule, DocumentsModule],
  providers: [DeadlineProcessor, SweepService],
})
export class WorkerModule {}
