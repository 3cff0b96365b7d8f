import { AuditModule } from '../../../libs/audit/src';
import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Clock, ConfigModule, type AppConfig } from '../../../libs/config/src';
import { DocumentsModule } from '../../../libs/documents/src';
import { FilesModule } from '../../../libs/files/src';
import { PdfModule } from '../../../libs/pdf/src';
import { PkiModule } from '../../../libs/pki/src';
import { MetricsModule } from '../../../libs/metrics/src';
import { NotificationsModule } from '../../../libs/notifications/src';
import { OrgModule } from '../../../libs/org/src';
import { PersistenceModule } from '../../../libs/persistence/src';
import { QueueModule } from '../../../libs/queue/src';
import { AuthController } from './controllers/auth.controller';
import { CalendarController } from './controllers/calendar.controller';
import { DelegationsController } from './controllers/delegations.controller';
import { AuthorisationsController } from './controllers/authorisations.controller';
import { RegistersController } from './controllers/registers.controller';
import { SigningQueueController } from './controllers/signing-queue.controller';
import { StatsController } from './controllers/stats.controller';
import { DocumentsController } from './controllers/documents.controller';
import { FilesController } from './controllers/files.controller';
import { PdfController } from './controllers/pdf.controller';
import { CertificateController } from './controllers/certificate.controller';
import { SignatureImagesController } from './controllers/signature-images.controller';
import { IncomingController } from './controllers/incoming.controller';
import { IncomingModule } from '../../../libs/incoming/src';
import { CampaignsModule } from '../../../libs/campaigns/src';
import { CampaignsController } from './controllers/campaigns.controller';
import { HealthController } from './controllers/health.controller';
import { MetricsController } from './controllers/metrics.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { OrgController } from './controllers/org.controller';
import { TasksController } from './controllers/tasks.controller';
import { WorkflowsController } from './controllers/workflows.controller';
import { AuthGuard } from './http/auth.guard';
import { AuditController } from './controllers/audit.controller';
import { ExceptionsFilter } from './http/exception.filter';

/** The HTTP surface: controllers over the libs' services. `extra` adds the worker when it runs in the same process. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extra: Array<Type | DynamicModule> = [], clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        PersistenceModule.forRoot({ url: config.databaseUrl!, poolSize: config.dbPoolSize, prepare: config.dbPrepare }),
        MetricsModule,
        AuditModule,
        QueueModule,
        OrgModule,
        DocumentsModule,
        IncomingModule,
        CampaignsModule,
        FilesModule,
        PdfModule,
        PkiModule,
        NotificationsModule,
        ...extra,
      ],
      controllers: [
        HealthController,
        AuditController,
        MetricsController,
        AuthController,
        OrgController,
        DocumentsController,
        FilesController,
        PdfController,
        CertificateController,
        SignatureImagesController,
        IncomingController,
        CampaignsController,
        WorkflowsController,
        TasksController,
        NotificationsController,
        CalendarController,
        DelegationsController,
        AuthorisationsController,
        SigningQueueController,
        RegistersController,
        StatsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ExceptionsFilter },
      ],
    };
  }
}
