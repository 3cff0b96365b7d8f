import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Jobs a transition wants scheduled, written in its own transaction and
 * handed to BullMQ after commit by the relay; a row stays until Redis took it.
 */
@Entity('outbox')
@Index('outbox_job_id_idx', ['jobId'])
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'outbox_pkey' })
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

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
