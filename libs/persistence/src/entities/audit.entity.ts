import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the audit trail (written only by libs/audit). Append-only: a
 * trigger (migration 1733000000000, not expressible here) refuses UPDATE and
 * DELETE.
 */
@Entity('audit_log')
@Index('audit_log_at_idx', ['at'])
@Index('audit_log_action_idx', ['action', 'at'])
@Index('audit_log_actor_idx', ['actor', 'at'])
export class AuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'audit_log_pkey' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** The username that acted, or tried to (a failed login's name); null when nobody is known. */
  @Column({ type: 'text', nullable: true })
  actor: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column('text')
  action: string;

  @Column({ type: 'text', nullable: true })
  target: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}
