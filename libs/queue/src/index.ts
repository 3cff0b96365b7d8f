export * from './redis';
export * from './queues';
export * from './outbox.relay';
export * from './outbox.sql';
export * from './queue.module';
export * from './notification-bus';
