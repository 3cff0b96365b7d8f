import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Jobs a transition wants scheduled, written in its own transaction and
 * handed to BullMQ after commit by the relay; a row stays until Redis took it.
 */
@Entity('outbox')
@Index('outbox_pending_idx', ['id'], { where: 'relayed_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('text')
  queue: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName: string;

  /** Deterministic BullMQ job id, so that relaying twice adds once. */
  @Column({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
