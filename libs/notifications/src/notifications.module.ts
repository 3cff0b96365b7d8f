import { Module } from '@nestjs/common';
import { PdfModule } from '../../pdf/src/pdf.module';
import { ExternalMail } from './external-mail';
import { Mailer } from './mailer';
import { NotificationService } from './notification.service';

@Module({ imports: [PdfModule], providers: [Mailer, NotificationService, ExternalMail], exports: [NotificationService, ExternalMail] })
export class NotificationsModule {}
