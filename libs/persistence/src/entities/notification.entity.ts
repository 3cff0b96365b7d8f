import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { DocumentEntity } from './document.entity';
import { IncomingItemEntity } from './incoming.entity';
import { UserEntity } from './user.entity';

/**
 * An in-app notification. `dedupeKey` is unique: one per (document, stage
 * entry, kind, recipient, step), so a job that runs twice writes once.
 */
@Entity('notifications')
@Check('notifications_kind_check', `kind IN ('reminder', 'escalation', 'assignment', 'info')`)
@Unique('notifications_dedupe_key_key', ['dedupeKey'])
@Index('notifications_email_pending_idx', ['createdAt'], { where: 'email_to IS NOT NULL AND emailed_at IS NULL' })
// (username, created_at DESC), defined by the migrations: @Index has no per-column order, so the schema builder leaves it alone.
@Index('notifications_user_idx', { synchronize: false })
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'notifications_pkey' })
  id: string;

  @Column('text')
  @ForeignKey(() => UserEntity, { name: 'notifications_username_fkey' })
  username: string;

  @Column('text')
  kind: 'reminder' | 'escalation' | 'assignment' | 'info';

  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  @ForeignKey(() => DocumentEntity, { name: 'notifications_document_id_fkey' })
  documentId: string | null;

  /** The incoming item it is about (a registration or processing deadline). */
  @Column({ name: 'incoming_id', type: 'uuid', nullable: true })
  @ForeignKey(() => IncomingItemEntity, { name: 'notifications_incoming_id_fkey' })
  incomingId: string | null;

  @Column({ type: 'text', nullable: true })
  stage: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column('text')
  message: string;

  @Column({ name: 'dedupe_key', type: 'text' })
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
