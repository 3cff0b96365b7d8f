import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last number issued by an agency in a year (Asia/Ho_Chi_Minh). */
@Entity('number_counters')
export class NumberCounterEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode: string;

  @PrimaryColumn('integer')
  year: number;

  @Column({ name: 'last_value', type: 'integer' })
  lastValue: number;
}
