export * from './redis';
export * from './queue.module';
