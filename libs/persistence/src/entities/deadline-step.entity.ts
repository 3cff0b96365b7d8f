import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { DeadlineEntity } from './deadline.entity';

/**
 * One thing a deadline owes at a moment: a reminder before it, one at it, an
 * escalation after it, or closing the consultation. `id` is also the BullMQ
 * job id. `doneAt` makes it happen once, whoever fires it.
 */
@Entity('deadline_steps')
@Check('deadline_steps_step_check', `step IN ('remind_before', 'remind_due', 'escalate', 'expire')`)
@Check('deadline_steps_outcome_check', `outcome IN ('fired', 'skipped')`)
@Index('deadline_steps_pending_idx', ['runAt'], { where: 'done_at IS NULL' })
export class DeadlineStepEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'deadline_steps_pkey' })
  id: string;

  @Column({ name: 'deadline_id', type: 'uuid' })
  @ForeignKey(() => DeadlineEntity, { name: 'deadline_steps_deadline_id_fkey' })
  deadlineId: string;

  @Column('text')
  step: 'remind_before' | 'remind_due' | 'escalate' | 'expire';

  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  /** How often the step was moved (its deadline was anchored to a session that moved): the job id's suffix (stepJobId). */
  @Column({ type: 'integer', default: 0 })
  moves: number;

  @Column({ type: 'text', nullable: true })
  outcome: 'fired' | 'skipped' | null;
}
