import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConsultationStatus } from '../../../domain/src/types';

/** A unit asked for its opinion (lấy ý kiến) on a document. */
@Entity('consultations')
export class ConsultationEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode: string;

  @PrimaryColumn({ name: 'unit_code', type: 'text' })
  unitCode: string;

  @Column('text')
  status: ConsultationStatus;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy: string | null;
}
