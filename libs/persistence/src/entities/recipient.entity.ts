import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { Purpose, ReportStatus } from '../../../domain/src/types';
import { AgencyEntity } from './agency.entity';
import { DocumentEntity } from './document.entity';
import { ExternalBodyEntity, RecipientGroupEntity } from './recipient-directory.entity';
import { UserEntity } from './user.entity';

/**
 * A recipient of a disseminated document (nơi nhận), and its report
 * obligation when its purpose is `implement`.
 */
@Entity('recipients')
@Check('recipients_purpose_check', `purpose IN ('report_to', 'coordinate', 'implement', 'direct', 'archive', 'info')`)
@Check(
  'recipients_kind_check',
  `(agency_code IS NULL) = (external_code IS NOT NULL) AND (external_code IS NULL OR (unit_code IS NULL AND username IS NULL)) AND (username IS NULL OR unit_code IS NULL)`,
)
@Check('recipients_report_status_check', `report_status IN ('pending', 'submitted', 'closed')`)
@Check('recipients_check', `(purpose = 'implement') = (report_status IS NOT NULL)`)
@Index('recipients_agency_idx', ['agencyCode', 'unitCode'])
@Index('recipients_username_idx', ['username'], { where: 'username IS NOT NULL' })
@Index('recipients_mail_pending_idx', ['documentId'], { where: 'mail_to IS NOT NULL AND mailed_at IS NULL' })
export class RecipientEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'recipients_pkey' })
  @ForeignKey(() => DocumentEntity, { name: 'recipients_document_id_fkey' })
  documentId: string;

  /** Position in the list as sent; also the recipient's key in the workflow context. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'recipients_pkey' })
  idx: number;

  /** Null for an external body; a person's agency for a person. */
  @Column({ name: 'agency_code', type: 'text', nullable: true })
  @ForeignKey(() => AgencyEntity, { name: 'recipients_agency_code_fkey' })
  agencyCode: string | null;

  /** Null when the whole agency (or a person, or an external body) is the recipient. */
  @Column({ name: 'unit_code', type: 'text', nullable: true })
  unitCode: string | null;

  /** A body outside examflow (its acknowledgement and report recorded by the issuing clerk). */
  @Column({ name: 'external_code', type: 'text', nullable: true })
  @ForeignKey(() => ExternalBodyEntity, { name: 'recipients_external_code_fkey' })
  externalCode: string | null;

  /** A person: only they acknowledge and report. */
  @Column({ type: 'text', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'recipients_username_fkey' })
  username: string | null;

  /** The group this delivery came through: Nơi nhận prints the group once, by its name. */
  @Column({ name: 'group_code', type: 'text', nullable: true })
  @ForeignKey(() => RecipientGroupEntity, { name: 'recipients_group_code_fkey' })
  groupCode: string | null;

  /** Printed after the name ("để p/h chỉ đạo"). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** An addressee of Kính gửi. */
  @Column({ type: 'boolean', default: false })
  main: boolean;

  /** An external body's address at dissemination: the issued PDF is mailed to it (libs/notifications ExternalMail). */
  @Column({ name: 'mail_to', type: 'text', nullable: true })
  mailTo: string | null;

  /** A sender's lease on the mail (another takes it over when it is stale). */
  @Column({ name: 'mail_claimed_at', type: 'timestamptz', nullable: true })
  mailClaimedAt: Date | null;

  @Column({ name: 'mailed_at', type: 'timestamptz', nullable: true })
  mailedAt: Date | null;

  @Column('text')
  purpose: Purpose;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'text', nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'report_status', type: 'text', nullable: true })
  reportStatus: ReportStatus | null;

  @Column({ name: 'report_content', type: 'text', nullable: true })
  reportContent: string | null;

  @Column({ name: 'report_submitted_at', type: 'timestamptz', nullable: true })
  reportSubmittedAt: Date | null;

  @Column({ name: 'report_submitted_by', type: 'text', nullable: true })
  reportSubmittedBy: string | null;
}
