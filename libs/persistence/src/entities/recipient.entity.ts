import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Purpose, ReportStatus } from '../../../domain/src/types';

/**
 * A recipient of a disseminated document (nơi nhận), and its report
 * obligation when its purpose is `implement`.
 */
@Entity('recipients')
export class RecipientEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  /** Position in the list as sent; also the recipient's key in the workflow context. */
  @PrimaryColumn('integer')
  idx: number;

  @Column({ name: 'agency_code', type: 'text' })
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
