import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { ConsultationStatus } from '../../../domain/src/types';
import { DocumentEntity } from './document.entity';
import { UnitEntity } from './unit.entity';

/** A unit asked for its opinion (lấy ý kiến) on a document. */
@Entity('consultations')
@Check('consultations_status_check', `status IN ('pending', 'agreed', 'disagreed', 'silent')`)
@ForeignKey(() => UnitEntity, ['agencyCode', 'unitCode'], ['agencyCode', 'code'], { name: 'consultations_agency_code_unit_code_fkey' })
@Index('consultations_unit_idx', ['agencyCode', 'unitCode', 'status'])
export class ConsultationEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'consultations_pkey' })
  @ForeignKey(() => DocumentEntity, { name: 'consultations_document_id_fkey' })
  documentId: string;

  @PrimaryColumn({ name: 'agency_code', type: 'text', primaryKeyConstraintName: 'consultations_pkey' })
  agencyCode: string;

  @PrimaryColumn({ name: 'unit_code', type: 'text', primaryKeyConstraintName: 'consultations_pkey' })
  unitCode: string;

  @Column('text')
  status: ConsultationStatus;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy: string | null;

  /** The draft revision (dự thảo lần N) the opinion answered; null when there was no draft file. */
  @Column({ name: 'on_revision', type: 'integer', nullable: true })
  onRevision: number | null;
}
