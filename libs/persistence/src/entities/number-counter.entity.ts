import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from './agency.entity';

/** The last number issued by an agency in a year (Asia/Ho_Chi_Minh). */
@Entity('number_counters')
export class NumberCounterEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text', primaryKeyConstraintName: 'number_counters_pkey' })
  @ForeignKey(() => AgencyEntity, { name: 'number_counters_agency_code_fkey' })
  agencyCode: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'number_counters_pkey' })
  year: number;

  @Column({ name: 'last_value', type: 'integer' })
  lastValue: number;
}
