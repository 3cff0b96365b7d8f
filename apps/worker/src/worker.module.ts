import { Module } from '@nestjs/common';
import { QueueModule } from '../../../libs/queue/src';

/**
 * The background side: BullMQ processors and @nestjs/schedule sweeps.
 * The reminder, escalation and outbox-relay processors are not written yet
 * (see the deadlines issue); this module wires what exists.
 */
@Module({ imports: [QueueModule] })
export class WorkerModule {}
