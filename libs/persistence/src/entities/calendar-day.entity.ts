import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's change to the working calendar: an extra day off, or a day worked (a swapped Saturday, a built-in holiday cancelled). */
@Entity('calendar_days')
@Check('calendar_days_kind_check', `kind IN ('holiday', 'working')`)
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'calendar_days_pkey' })
  date: string;

  @Column('text')
  kind: 'holiday' | 'working';

  @Column({ type: 'text', default: '' })
  name: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
