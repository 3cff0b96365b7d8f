import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { DocumentEntity } from './document.entity';

/** The deadline of one stage entry of a document (consultation, signature, dissemination, reports). */
@Entity('deadlines')
@Check('deadlines_stage_check', `stage IN ('consulting', 'awaiting_signature', 'signed', 'disseminated')`)
@Check('deadlines_kind_check', `kind IN ('consultation', 'signature', 'dissemination', 'report')`)
@Unique('deadlines_document_id_stage_entry_kind_key', ['documentId', 'stageEntry', 'kind'])
@Index('deadlines_open_idx', ['documentId'], { where: 'resolved_at IS NULL' })
export class DeadlineEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'deadlines_pkey' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  @ForeignKey(() => DocumentEntity, { name: 'deadlines_document_id_fkey' })
  documentId: string;

  @Column('text')
  stage: 'consulting' | 'awaiting_signature' | 'signed' | 'disseminated';

  /** The document version that entered the stage: a stage entered twice has two deadlines. */
  @Column({ name: 'stage_entry', type: 'integer' })
  stageEntry: number;

  @Column('text')
  kind: 'consultation' | 'signature' | 'dissemination' | 'report';

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set when the document leaves the stage: later steps do nothing. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
