import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit trail, for every lib and app that records into it. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
