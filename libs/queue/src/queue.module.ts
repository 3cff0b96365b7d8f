import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { NotificationBus } from './notification-bus';
import { OutboxRelay } from './outbox.relay';
import { QUEUES } from './queues';
import { RedisConnection } from './redis';

/**
 * BullMQ on the configured Redis. QUEUE_PREFIX is the key prefix, used as a
 * Redis Cluster hash tag; ioredis `keyPrefix` is not used (BullMQ forbids it).
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl! },
        prefix: config.queuePrefix,
        defaultJobOptions: {
          removeOnComplete: { age: 3600, count: 10_000 },
          removeOnFail: { age: 7 * 86_400 },
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
        },
      }),
    }),
    BullModule.registerQueue({ name: QUEUES.deadlines }),
  ],
  providers: [RedisConnection, OutboxRelay, NotificationBus],
  exports: [RedisConnection, OutboxRelay, NotificationBus, BullModule],
})
export class QueueModule {}
