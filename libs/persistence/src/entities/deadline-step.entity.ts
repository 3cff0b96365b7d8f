import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One thing a deadline owes at a moment: a reminder before it, one at it, an
 * escalation after it, or closing the consultation. `id` is also the BullMQ
 * job id. `doneAt` makes it happen once, whoever fires it.
 */
@Entity('deadline_steps')
export class DeadlineStepEntity {
  @PrimaryColumn('text')
  id: string;

  @Column({ name: 'deadline_id', type: 'uuid' })
  deadlineId: string;

  @Column('text')
  step: 'remind_before' | 'remind_due' | 'escalate' | 'expire';

  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: 'fired' | 'skipped' | null;
}
