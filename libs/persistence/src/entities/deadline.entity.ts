import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { DocumentEntity } from './document.entity';
import { IncomingItemEntity } from './incoming.entity';

/**
 * The deadline of one stage entry of a document (consultation, signature,
 * dissemination, reports) or of an incoming item (registration, processing).
 */
@Entity('deadlines')
@Check('deadlines_stage_check', `stage IN ('consulting', 'awaiting_signature', 'signed', 'disseminated', 'received', 'assigned')`)
@Check('deadlines_kind_check', `kind IN ('consultation', 'signature', 'dissemination', 'report', 'registration', 'processing')`)
@Check('deadlines_subject_check', `(document_id IS NULL) <> (incoming_id IS NULL)`)
@Unique('deadlines_document_id_stage_entry_kind_session_code_key', ['documentId', 'stageEntry', 'kind', 'sessionCode'])
@Unique('deadlines_incoming_id_stage_entry_kind_key', ['incomingId', 'stageEntry', 'kind'])
@Index('deadlines_open_idx', ['documentId'], { where: 'resolved_at IS NULL' })
@Index('deadlines_incoming_open_idx', ['incomingId'], { where: 'resolved_at IS NULL' })
export class DeadlineEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'deadlines_pkey' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  @ForeignKey(() => DocumentEntity, { name: 'deadlines_document_id_fkey' })
  documentId: string | null;

  @Column({ name: 'incoming_id', type: 'uuid', nullable: true })
  @ForeignKey(() => IncomingItemEntity, { name: 'deadlines_incoming_id_fkey' })
  incomingId: string | null;

  @Column('text')
  stage: 'consulting' | 'awaiting_signature' | 'signed' | 'disseminated' | 'received' | 'assigned';

  /** The document's (or item's) version that entered the stage: a stage entered twice has two deadlines. */
  @Column({ name: 'stage_entry', type: 'integer' })
  stageEntry: number;

  @Column('text')
  kind: 'consultation' | 'signature' | 'dissemination' | 'report' | 'registration' | 'processing';

  /** The session of the campaign a per-session report is for (SPEC §8); '' for a deadline of no one session. */
  @Column({ name: 'session_code', type: 'text', default: () => "''" })
  sessionCode: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set when the document leaves the stage: later steps do nothing. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
