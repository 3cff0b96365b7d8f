import { Module } from '@nestjs/common';
import { RedisConnection } from './redis';

@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class QueueModule {}
