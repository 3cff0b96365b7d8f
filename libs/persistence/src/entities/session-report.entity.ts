import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { RecipientEntity } from './recipient.entity';

/**
 * One report an implementing recipient owes for one session of the
 * document's campaign (SPEC §8, báo cáo nhanh mỗi buổi thi), due a set time
 * after the session ends.
 */
@Entity('session_reports')
@Check('session_reports_status_check', `status IN ('pending', 'submitted', 'closed')`)
@ForeignKey(() => RecipientEntity, ['documentId', 'recipientIdx'], ['documentId', 'idx'], { name: 'session_reports_document_id_recipient_idx_fkey' })
export class SessionReportEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'session_reports_pkey' })
  documentId: string;

  @PrimaryColumn({ name: 'recipient_idx', type: 'integer', primaryKeyConstraintName: 'session_reports_pkey' })
  recipientIdx: number;

  @PrimaryColumn({ name: 'session_code', type: 'text', primaryKeyConstraintName: 'session_reports_pkey' })
  sessionCode: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column('text')
  status: 'pending' | 'submitted' | 'closed';

  @Column({ type: 'text', nullable: true })
  content: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'submitted_by', type: 'text', nullable: true })
  submittedBy: string | null;
}
