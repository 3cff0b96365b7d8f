import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The deadline of one stage entry of a document (consultation, signature, dissemination, reports). */
@Entity('deadlines')
export class DeadlineEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
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
