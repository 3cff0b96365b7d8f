import { Module } from '@nestjs/common';
import { Mailer } from './mailer';
import { NotificationService } from './notification.service';

@Module({ providers: [Mailer, NotificationService], exports: [NotificationService] })
export class NotificationsModule {}
