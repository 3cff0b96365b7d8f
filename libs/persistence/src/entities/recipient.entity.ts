import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { Purpose, ReportStatus } from '../../../domain/src/types';
import { AgencyEntity } from './agency.entity';
import { DocumentEntity } from './document.entity';

/**
 * A recipient of a disseminated document (nơi nhận), and its report
 * obligation when its purpose is `implement`.
 */
@Entity('recipients')
@Check('recipients_purpose_check', `purpose IN ('report_to', 'coordinate', 'implement', 'direct', 'archive')`)
@Check('recipients_report_status_check', `report_status IN ('pending', 'submitted', 'closed')`)
@Check('recipients_check', `(purpose = 'implement') = (report_status IS NOT NULL)`)
@Index('recipients_agency_idx', ['agencyCode', 'unitCode'])
export class RecipientEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'recipients_pkey' })
  @ForeignKey(() => DocumentEntity, { name: 'recipients_document_id_fkey' })
  documentId: string;

  /** Position in the list as sent; also the recipient's key in the workflow context. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'recipients_pkey' })
  idx: number;

  @Column({ name: 'agency_code', type: 'text' })
  @ForeignKey(() => AgencyEntity, { name: 'recipients_agency_code_fkey' })
  agencyCode: string;

  /** Null when the whole agency is the recipient. */
  @Column({ name: 'unit_code', type: 'text', nullable: true })
  unitCode: string | null;

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
