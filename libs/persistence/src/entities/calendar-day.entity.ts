import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's change to the working calendar: an extra day off, or a day worked (a swapped Saturday, a built-in holiday cancelled). */
@Entity('calendar_days')
export class CalendarDayEntity {
  @PrimaryColumn('date')
  date: string;

  @Column('text')
  kind: 'holiday' | 'working';

  @Column({ type: 'text', default: '' })
  name: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
