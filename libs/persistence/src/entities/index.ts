import { AgencyEntity } from './agency.entity';
import { AuditEntity } from './audit.entity';
import { CampaignEntity, CampaignSessionEntity } from './campaign.entity';
import { CalendarDayEntity } from './calendar-day.entity';
import { ConsultationEntity } from './consultation.entity';
import { DeadlineStepEntity } from './deadline-step.entity';
import { DeadlineEntity } from './deadline.entity';
import { DelegationEntity } from './delegation.entity';
import { DocumentEntity } from './document.entity';
import { DocumentFileEntity, FileBlobEntity, FileChunkEntity } from './file.entity';
import { ExternalBodyEntity, RecipientGroupEntity } from './recipient-directory.entity';
import { IncomingFileEntity, IncomingHistoryEntity, IncomingItemEntity, IncomingNumberEntity } from './incoming.entity';
import { CertificateEntity, DocumentPdfEntity, RetiredCertificateEntity, SignatureImageEntity } from './pki.entity';
import { HistoryEntity } from './history.entity';
import { NotificationEntity } from './notification.entity';
import { NumberCounterEntity } from './number-counter.entity';
import { OutboxEntity } from './outbox.entity';
import { RecipientEntity } from './recipient.entity';
import { SessionReportEntity } from './session-report.entity';
import { SettingEntity } from './setting.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningAuthorisationEntity } from './signing-authorisation.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

export {
  AgencyEntity,
  CampaignEntity,
  CampaignSessionEntity,
  AuditEntity,
  CalendarDayEntity,
  DeadlineEntity,
  DeadlineStepEntity,
  ConsultationEntity,
  DelegationEntity,
  DocumentEntity,
  DocumentFileEntity,
  DocumentPdfEntity,
  CertificateEntity,
  SignatureImageEntity,
  RetiredCertificateEntity,
  ExternalBodyEntity,
  RecipientGroupEntity,
  IncomingItemEntity,
  IncomingHistoryEntity,
  IncomingNumberEntity,
  IncomingFileEntity,
  FileBlobEntity,
  FileChunkEntity,
  HistoryEntity,
  NotificationEntity,
  NumberCounterEntity,
  OutboxEntity,
  RecipientEntity,
  SessionReportEntity,
  SettingEntity,
  SigningKeyEntity,
  SigningAuthorisationEntity,
  UnitEntity,
  UserEntity,
};

export const ENTITIES = [
  AuditEntity,
  AgencyEntity,
  UnitEntity,
  UserEntity,
  DocumentEntity,
  ConsultationEntity,
  RecipientEntity,
  SessionReportEntity,
  HistoryEntity,
  NumberCounterEntity,
  NotificationEntity,
  DelegationEntity,
  SigningAuthorisationEntity,
  OutboxEntity,
  SettingEntity,
  DeadlineEntity,
  DeadlineStepEntity,
  CalendarDayEntity,
  SigningKeyEntity,
  FileChunkEntity,
  FileBlobEntity,
  DocumentFileEntity,
  CertificateEntity,
  SignatureImageEntity,
  RetiredCertificateEntity,
  ExternalBodyEntity,
  RecipientGroupEntity,
  IncomingItemEntity,
  IncomingHistoryEntity,
  IncomingNumberEntity,
  IncomingFileEntity,
  DocumentPdfEntity,
  CampaignEntity,
  CampaignSessionEntity,
];
