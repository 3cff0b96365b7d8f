export * from './mailer';
export * from './notification.service';
export * from './notifications.module';
export * from './notification.sql';
export * from './external-mail';
