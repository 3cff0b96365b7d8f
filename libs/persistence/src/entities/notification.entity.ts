import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An in-app notification. `dedupeKey` is unique: one per (document, stage
 * entry, kind, recipient, step), so a job that runs twice writes once.
 */
@Entity('notifications')
@Index('notifications_user_idx', ['username', 'createdAt'])
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  @Column('text')
  kind: 'reminder' | 'escalation' | 'assignment' | 'info';

  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;

  @Column({ type: 'text', nullable: true })
  stage: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column('text')
  message: string;

  @Column({ name: 'dedupe_key', type: 'text', unique: true })
  dedupeKey: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** The address an e-mail goes to, when SMTP is configured and the user has one. */
  @Column({ name: 'email_to', type: 'text', nullable: true })
  emailTo: string | null;

  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  /** How late the step that wrote it fired, for measuring the scheduler. */
  @Column({ name: 'fired_late_ms', type: 'integer', nullable: true })
  firedLateMs: number | null;
}
